package io.kongflow.jobs.support;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * Programs some tests need (node, npm, jq). Where one is missing the test is skipped on a
 * developer's machine, but fails when {@code CI} is set: in CI a skip would hide a check that never
 * ran ({@code .ci/run} installs them).
 */
public final class NeededTools {

    private NeededTools() {}

    /** Skips (or, under CI, fails) the test unless every command runs here. */
    public static void require(String why, String... commands) {
        for (String command : commands) {
            boolean available = runs(command, "--version");
            if (System.getenv("CI") != null) {
                assertTrue(available, command + " is missing and CI is set: " + why);
            } else {
                assumeTrue(available, command + " is missing: " + why);
            }
        }
    }

    /** Whether the command starts and ends with status 0 within 20 s. */
    public static boolean runs(String... command) {
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            return process.waitFor(20, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** Runs {@code npm ci} in a node package of the tests unless {@code installed} (a path in it) is there. */
    public static synchronized void npmCi(File directory, String installed) throws IOException, InterruptedException {
        if (new File(directory, installed).exists()) {
            return;
        }
        // Never the test JVM's own streams: Surefire talks to its fork through them, and npm writing
        // there (or making stdin non-blocking) breaks the fork ("std/in stream corrupted").
        File log = File.createTempFile("npm-ci-", ".log");
        Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund")
                .directory(directory)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(log)
                .start();
        if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0) {
            throw new IllegalStateException(
                    "npm ci failed in " + directory + ": " + java.nio.file.Files.readString(log.toPath()));
        }
        log.delete();
    }
}
