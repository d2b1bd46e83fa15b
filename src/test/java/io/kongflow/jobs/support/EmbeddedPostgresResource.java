package io.kongflow.jobs.support;

import io.kongflow.jobs.dev.EmbeddedPostgresLauncher;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import java.util.Map;

/**
 * Gives the tests a real PostgreSQL: the embedded one, unless QUARKUS_DATASOURCE_REACTIVE_URL
 * points the run at an external server.
 */
@WithTestResource(value = EmbeddedPostgresResource.class, scope = TestResourceScope.GLOBAL)
public class EmbeddedPostgresResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        if (System.getenv("QUARKUS_DATASOURCE_REACTIVE_URL") != null) {
            return Map.of();
        }
        return EmbeddedPostgresLauncher.datasourceProperties(null);
    }

    @Override
    public void stop() {
        // One server serves the whole test JVM; a shutdown hook stops it.
    }
}
