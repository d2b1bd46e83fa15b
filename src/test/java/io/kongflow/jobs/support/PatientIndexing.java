package io.kongflow.jobs.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * For tests that hold an SDK endpoint's answer while they act ({@link HeldEndpoint}): the service
 * waits for the answer well past what the test needs, instead of the tests' usual 2 s.
 */
public class PatientIndexing implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("kongflow.indexing.request-timeout", "60s");
    }
}
