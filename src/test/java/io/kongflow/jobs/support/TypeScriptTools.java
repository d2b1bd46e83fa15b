package io.kongflow.jobs.support;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The npm project {@code src/test/typescript-client} (TypeScript, Spectral): installs it with
 * {@code npm ci} on first use (as {@code .ci/run} does) and runs its programs.
 */
public final class TypeScriptTools {

    public static final File DIRECTORY = new File("src/test/typescript-client");

    /** What a program printed (stdout and stderr together) and how it ended. */
    public record Result(int exitCode, String output) {}

    private TypeScriptTools() {}

    /** Fails or skips (see {@link NeededTools}) without node and npm, then installs the project if needed. */
    public static void require(String why) throws IOException, InterruptedException {
        NeededTools.require(why, "node", "npm");
        install();
    }

    /** Runs a command in the project directory with these extra environment variables. */
    public static Result run(Map<String, String> environment, String... command)
            throws IOException, InterruptedException {
        ProcessBuilder builder =
                new ProcessBuilder(List.of(command)).directory(DIRECTORY).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(3, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not end within 3 minutes");
        }
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    /** A program of the project's node_modules/.bin. */
    public static String bin(String name) {
        return new File(DIRECTORY, "node_modules/.bin/" + name).getAbsolutePath();
    }

    private static synchronized void install() throws IOException, InterruptedException {
        if (new File(DIRECTORY, "node_modules/.bin/tsc").exists()
                && new File(DIRECTORY, "node_modules/.bin/spectral").exists()) {
            return;
        }
        Result npm = run(Map.of(), "npm", "ci", "--no-audit", "--no-fund");
        if (npm.exitCode() != 0) {
            throw new IllegalStateException("npm ci failed in " + DIRECTORY + ":\n" + npm.output());
        }
    }
}
