package io.kongflow.jobs.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** The secrets a production-profile run requires, for tests of the packaged jar or native binary. */
public class PackagedAppSecrets implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of(
                "kongflow.admin-token",
                Tenants.ADMIN_TOKEN,
                "kongflow.encryption-key",
                "aXQtb25seS1rb25nZmxvdy1lbmNyeXB0aW9uLWtleSE=");
    }

    @Override
    public void stop() {
        // Nothing to release.
    }
}
