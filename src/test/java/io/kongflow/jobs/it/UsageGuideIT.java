package io.kongflow.jobs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kongflow.jobs.it.GuideSteps.Step;
import io.kongflow.jobs.support.NeededTools;
import io.kongflow.jobs.support.PackagedAppSecrets;
import io.kongflow.jobs.support.Tenants;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.RestAssured;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * docs/usage.md cannot rot: its {@code ```bash} blocks run in order, as one bash script, against the
 * packaged service (production profile, real PostgreSQL). Each command must succeed, and each
 * output the guide shows must match what was printed ({@link ShownOutput}). No step may answer a
 * problem document the guide does not show.
 * <p>
 * Decisions: the guide's "start the service" and dev-bootstrap blocks are {@code ```sh} (shown, not
 * run): this test starts the service itself and gives the script {@code JOBS_URL} and
 * {@code KONGFLOW_ADMIN_TOKEN}, as the guide's reader exports them. The trigger.dev app step is run
 * for real, with the repository's SDK endpoint ({@code src/test/sdk-endpoint}, Node.js) on port
 * 3000, as the guide says. The TypeScript client steps run too (in the guide's scratch directory,
 * with the network: npx fetches the generator and tsx), so the guide's program runs as written; the
 * Java client's generator commands ({@code ```sh}) are not run (the build generates that client).
 */
@QuarkusIntegrationTest
@WithTestResource(PackagedAppSecrets.class)
class UsageGuideIT {

    private static final Path GUIDE = Path.of("docs/usage.md");
    private static final int SAMPLE_APP_PORT = 3000;
    private static final String GUIDE_ORGANIZATION = "acme";
    private static final String PROBLEM_TYPE = "https://kongflow.io/problems/";

    @Test
    void everyCommandOfTheUsageGuideWorksAndPrintsWhatTheGuideShows() throws Exception {
        NeededTools.require("the guide's sample app and commands need them", "node", "npm", "jq");
        assertTrue(
                portIsFree(SAMPLE_APP_PORT), "port " + SAMPLE_APP_PORT + ", used by the guide's sample app, is taken");
        forgetTheGuidesOrganization();

        List<Step> steps = GuideSteps.read(GUIDE);
        assertTrue(steps.size() > 20, "the guide has lost its commands: " + steps.size());
        Result result = run(GuideSteps.script(steps));
        Map<Integer, String> outputs = GuideSteps.outputs(result.stdout());
        assertEquals(
                0,
                result.exitCode(),
                "the guide's script failed at step " + (outputs.size() - 1) + " (line "
                        + steps.get(Math.max(0, outputs.size() - 1)).line() + " of " + GUIDE + ")\n" + result);
        assertEquals(steps.size(), outputs.size(), "not every step ran\n" + result);

        List<String> failures = new ArrayList<>();
        for (Step step : steps) {
            String printed = outputs.get(step.number());
            String where = GUIDE + ":" + step.line() + ": ";
            if (step.shownLanguage() != null) {
                ShownOutput.differences(step.shownLanguage(), step.shownOutput(), printed)
                        .forEach(difference -> failures.add(where + difference + "\n--- printed:\n" + printed));
            } else if (printed.contains(PROBLEM_TYPE)) {
                failures.add(where + "answered a problem document\n" + printed);
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n\n", failures));
    }

    private record Result(int exitCode, String stdout, String stderr) {
        @Override
        public String toString() {
            return "--- stdout:\n" + stdout + "\n--- stderr:\n" + stderr;
        }
    }

    private static Result run(String script) throws IOException, InterruptedException {
        Path directory = Files.createTempDirectory("usage-guide");
        Path file = Files.writeString(directory.resolve("guide.sh"), script);
        File stdout = directory.resolve("stdout").toFile();
        File stderr = directory.resolve("stderr").toFile();
        ProcessBuilder builder = new ProcessBuilder("bash", file.toString())
                .redirectOutput(stdout)
                .redirectError(stderr);
        builder.environment().put("JOBS_URL", "http://localhost:" + RestAssured.port);
        builder.environment().put("KONGFLOW_ADMIN_TOKEN", Tenants.ADMIN_TOKEN);
        Process process = builder.start();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor();
        }
        process.descendants().forEach(ProcessHandle::destroy);
        return new Result(
                process.exitValue(),
                Files.readString(stdout.toPath(), StandardCharsets.UTF_8),
                Files.readString(stderr.toPath(), StandardCharsets.UTF_8));
    }

    /**
     * The guide creates the organization {@code acme}: on a reused external database (the
     * QUARKUS_DATASOURCE_* variables) the one of an earlier run is removed first; the embedded
     * database of a normal build is new on every run.
     */
    private static void forgetTheGuidesOrganization() throws SQLException {
        String url = System.getenv("QUARKUS_DATASOURCE_JDBC_URL");
        if (url == null) {
            return;
        }
        try (var connection = DriverManager.getConnection(
                        url,
                        System.getenv("QUARKUS_DATASOURCE_USERNAME"),
                        System.getenv("QUARKUS_DATASOURCE_PASSWORD"));
                var delete = connection.prepareStatement("DELETE FROM organizations WHERE slug = ?")) {
            delete.setString(1, GUIDE_ORGANIZATION);
            delete.executeUpdate();
        }
    }

    private static boolean portIsFree(int port) {
        try (ServerSocket socket = new ServerSocket(port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
