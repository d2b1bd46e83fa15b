package io.kongflow.jobs.execution;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.HashMap;
import java.util.Map;

/** {@link ExecutionOn} with traces on, exported every 50 ms (to the tests' in-memory exporter). */
public class TracingOn implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> settings = new HashMap<>(new ExecutionOn().getConfigOverrides());
        settings.put("quarkus.otel.sdk.disabled", "false");
        settings.put("quarkus.otel.bsp.schedule.delay", "50ms");
        // Every execution then writes a log line (RunExecutor), whose MDC the test reads.
        settings.put("quarkus.log.category.\"io.kongflow.jobs.execution\".level", "DEBUG");
        settings.put("kongflow.traces.viewer-url", "https://traces.example.com/trace/{traceId}");
        return settings;
    }
}
