package io.kongflow.jobs.support;

import io.kongflow.jobs.dev.EmbeddedPostgresLauncher;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The packaged service — the jar, or the native executable when the build made one (as
 * {@code @QuarkusIntegrationTest} chooses, from {@code target/quarkus-artifact.properties}) — run
 * as a process of its own in the production profile, so that a test can kill it (SIGKILL) and
 * start it again on the same database: the embedded PostgreSQL of the test JVM, or the external
 * one named by {@code QUARKUS_DATASOURCE_*}, which the process inherits.
 */
public final class PackagedService implements AutoCloseable {

    private final Map<String, String> properties;
    private final Path log;
    private Process process;
    private int port;

    private PackagedService(Map<String, String> properties, Path log) {
        this.properties = properties;
        this.log = log;
    }

    /** Starts the service with the secrets of {@link PackagedAppSecrets} and these settings; waits until it is ready. */
    public static PackagedService start(String name, Map<String, String> settings) throws Exception {
        Map<String, String> properties = new TreeMap<>(datasource());
        properties.putAll(new PackagedAppSecrets().start());
        properties.putAll(settings);
        PackagedService service = new PackagedService(properties, Path.of("target", name + ".log"));
        service.startProcess();
        return service;
    }

    /**
     * The datasource settings of a new, empty database of its own on the same server, so that the
     * services started on it share it with nothing else: a service started by another test class
     * (the {@code @QuarkusIntegrationTest} app stays up until the run ends) would otherwise execute
     * the runs of this one.
     */
    public static Map<String, String> ownDatabase(String name) throws SQLException {
        Map<String, String> shared = sharedDatabase();
        try (Connection db = connect(shared);
                var statement = db.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            statement.execute("CREATE DATABASE " + name);
        }
        Map<String, String> own = new TreeMap<>(shared);
        own.put("quarkus.datasource.jdbc.url", withDatabase(shared.get("quarkus.datasource.jdbc.url"), name));
        own.put("quarkus.datasource.reactive.url", withDatabase(shared.get("quarkus.datasource.reactive.url"), name));
        own.values().removeIf(java.util.Objects::isNull);
        return own;
    }

    /** The datasource settings of the database the test JVM's services share. */
    public static Map<String, String> sharedDatabase() {
        Map<String, String> shared = new TreeMap<>(datasource());
        shared.putIfAbsent("quarkus.datasource.jdbc.url", System.getenv("QUARKUS_DATASOURCE_JDBC_URL"));
        shared.putIfAbsent("quarkus.datasource.reactive.url", System.getenv("QUARKUS_DATASOURCE_REACTIVE_URL"));
        shared.putIfAbsent("quarkus.datasource.username", System.getenv("QUARKUS_DATASOURCE_USERNAME"));
        shared.putIfAbsent(
                "quarkus.datasource.password", System.getenv().getOrDefault("QUARKUS_DATASOURCE_PASSWORD", ""));
        return shared;
    }

    /** The URL with its database (the path after host and port) replaced, its query kept. */
    private static String withDatabase(String url, String database) {
        return url.replaceFirst("^([^?]*//[^/]+/)[^?]*", "$1" + database);
    }

    private static Map<String, String> datasource() {
        return System.getenv("QUARKUS_DATASOURCE_REACTIVE_URL") != null
                ? Map.of()
                : EmbeddedPostgresLauncher.datasourceProperties(null);
    }

    private void startProcess() throws Exception {
        port = freePort();
        List<String> command = new ArrayList<>();
        String artifact = artifact();
        if (artifact.endsWith(".jar")) {
            command.add(ProcessHandle.current().info().command().orElse("java"));
            // The build's JaCoCo agent, so that what the *IT tests run counts in their coverage report.
            String jvmArgs = System.getProperty("packaged.jvm-args", "");
            if (!jvmArgs.isBlank()) {
                command.add(jvmArgs);
            }
        } else {
            command.add(artifact);
        }
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-Dquarkus.http.port=" + port);
        if (artifact.endsWith(".jar")) {
            command.addAll(List.of("-jar", artifact));
        }
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!ready()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IllegalStateException("The packaged service did not become ready; see " + log);
            }
            Thread.sleep(200);
        }
    }

    /** SIGKILL, as a crashed node or an OOM kill would: no shutdown hook, no graceful drain. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM, as a rolling deploy or a scale-down sends it: the service shuts down gracefully. */
    public void terminate() {
        process.destroy();
    }

    /** Whether the process ended within this time (after {@link #terminate}). */
    public boolean exited(long timeout, TimeUnit unit) throws InterruptedException {
        return process.waitFor(timeout, unit);
    }

    /** Starts the same service again (on a new port), on the same database. */
    public void restart() throws Exception {
        startProcess();
    }

    public int port() {
        return port;
    }

    /** The process id of the running service (the JVM, or the native executable). */
    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process != null && process.isAlive();
    }

    /** A JDBC connection to the service's database, for checks beneath the API. */
    public Connection database() throws SQLException {
        return connect(properties);
    }

    private static Connection connect(Map<String, String> properties) throws SQLException {
        String url =
                properties.getOrDefault("quarkus.datasource.jdbc.url", System.getenv("QUARKUS_DATASOURCE_JDBC_URL"));
        Properties credentials = new Properties();
        credentials.setProperty(
                "user",
                properties.getOrDefault("quarkus.datasource.username", System.getenv("QUARKUS_DATASOURCE_USERNAME")));
        credentials.setProperty(
                "password",
                properties.getOrDefault(
                        "quarkus.datasource.password",
                        System.getenv().getOrDefault("QUARKUS_DATASOURCE_PASSWORD", "")));
        return DriverManager.getConnection(url, credentials);
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private boolean ready() {
        try {
            HttpURLConnection connection =
                    (HttpURLConnection) URI.create("http://localhost:" + port + "/q/health/ready")
                            .toURL()
                            .openConnection();
            connection.setConnectTimeout(1000);
            connection.setReadTimeout(2000);
            try (InputStream ignored = connection.getInputStream()) {
                return connection.getResponseCode() == 200;
            }
        } catch (IOException e) {
            return false;
        }
    }

    /** The jar or the native executable the build made last, as {@code @QuarkusIntegrationTest} picks it. */
    private static String artifact() {
        Properties artifact = new Properties();
        try (InputStream in = Files.newInputStream(Path.of("target", "quarkus-artifact.properties"))) {
            artifact.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("No packaged artifact: run `./mvnw verify` (or package)", e);
        }
        return Path.of("target")
                .resolve(artifact.getProperty("path"))
                .toAbsolutePath()
                .toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
