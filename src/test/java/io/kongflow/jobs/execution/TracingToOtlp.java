package io.kongflow.jobs.execution;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.HashMap;
import java.util.Map;

/** {@link ExecutionOn} with traces on, exported over OTLP/HTTP to the test JVM's {@link OtlpReceiver}. */
public class TracingToOtlp implements QuarkusTestProfile {

    static final OtlpReceiver RECEIVER = OtlpReceiver.start();

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> settings = new HashMap<>(new ExecutionOn().getConfigOverrides());
        settings.put("quarkus.otel.sdk.disabled", "false");
        settings.put("quarkus.otel.exporter.otlp.traces.endpoint", RECEIVER.url());
        settings.put("quarkus.otel.exporter.otlp.traces.protocol", "http/protobuf");
        settings.put("quarkus.otel.bsp.schedule.delay", "50ms");
        return settings;
    }
}
