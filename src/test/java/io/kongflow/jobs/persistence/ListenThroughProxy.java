package io.kongflow.jobs.persistence;

import io.kongflow.jobs.dev.EmbeddedPostgresLauncher;
import io.kongflow.jobs.support.StallingProxy;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Map;

/** The LISTEN connection goes through a {@link StallingProxy} to the tests' PostgreSQL; the pool goes direct. */
public class ListenThroughProxy implements QuarkusTestProfile {

    private static StallingProxy proxy;

    static synchronized StallingProxy proxy() {
        if (proxy == null) {
            URI server = URI.create(databaseUrl());
            try {
                proxy = StallingProxy.start(server.getHost(), server.getPort());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return proxy;
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        String url = databaseUrl().replaceFirst("//[^/]+/", "//127.0.0.1:" + proxy().port() + "/");
        return Map.of("kongflow.listen.url", url);
    }

    private static String databaseUrl() {
        String external = System.getenv("QUARKUS_DATASOURCE_REACTIVE_URL");
        String url = external != null
                ? external.split(",")[0].trim()
                : EmbeddedPostgresLauncher.datasourceProperties(null).get("quarkus.datasource.reactive.url");
        return url.replaceFirst("^vertx-reactive:", "");
    }
}
