package io.kongflow.jobs.fetches;

import io.kongflow.jobs.execution.ExecutionOn;
import java.util.HashMap;
import java.util.Map;

/** The execution and fetch workers on, polling fast: the profile of the tests whose jobs fetch. */
public class FetchesOn extends ExecutionOn {
    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
        overrides.put("kongflow.fetches.worker-enabled", "true");
        overrides.put("kongflow.fetches.poll-interval", "200ms");
        // The tests' fetch targets listen on 127.0.0.1 (the default allows loopback to no environment).
        overrides.put("kongflow.fetches.loopback-environments", "DEVELOPMENT,STAGING,PRODUCTION,PREVIEW");
        return overrides;
    }
}
