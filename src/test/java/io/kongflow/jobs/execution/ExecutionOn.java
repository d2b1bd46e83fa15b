package io.kongflow.jobs.execution;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** The execution worker on, polling fast, a request timeout above the chunk limit: the profile of the tests that run jobs. */
public class ExecutionOn implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "kongflow.execution.worker-enabled", "true",
                "kongflow.execution.poll-interval", "100ms",
                "kongflow.execution.request-timeout", "20s",
                "kongflow.execution.chunk-limit", "15s",
                "kongflow.execution.lease-duration", "30s");
    }
}
