package io.kongflow.jobs.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kongflow.jobs.execution.ExecutionOn;
import io.kongflow.jobs.support.Api;
import io.kongflow.jobs.support.NeededTools;
import io.kongflow.jobs.support.SdkEndpoint;
import io.kongflow.jobs.support.Tenants;
import io.kongflow.jobs.support.Tenants.Tenant;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The console in a real browser: headless Chromium (Debian's {@code /usr/bin/chromium}) driven by
 * {@code playwright-core} from node ({@code src/test/console-browser/console.mjs}), against this
 * service executing the real SDK app's {@code console} jobs. A person signs in, finds a failed
 * run through the URL filters, reads why it failed in its task tree, runs it again and watches it
 * succeed live; cancels a waiting run; starts a test run from an example; sees the runs list
 * update by itself, hostile values as text, and another tenant's run as a 404 page.
 *
 * <p>Screenshots go to {@code target/console-screenshots}; with {@code -Dconsole.docs-screenshots=true}
 * they are also copied over {@code docs/console/} (what docs/console.md shows).
 */
@QuarkusTest
@TestProfile(ExecutionOn.class)
class ConsoleBrowserTest {

    static final String CHROMIUM = "/usr/bin/chromium";
    static final String HOSTILE = "<script>window.__xss = 1</script>\"><img src=x onerror=window.__xss=2>";
    private static final File DIRECTORY = new File("src/test/console-browser");
    private static final Path SCREENSHOTS = Path.of("target/console-screenshots");
    private static final Set<String> FINAL =
            Set.of("SUCCESS", "FAILURE", "TIMED_OUT", "ABORTED", "CANCELED", "UNRESOLVED_AUTH", "INVALID_PAYLOAD");

    private static SdkEndpoint endpoint;

    @BeforeAll
    static void requireBrowser() {
        NeededTools.require("the console's browser test runs playwright-core on Node.js", "node", "npm");
        NeededTools.require("the console's browser test drives Debian's Chromium", CHROMIUM);
    }

    @AfterAll
    static void stopEndpoint() throws Exception {
        if (endpoint != null) {
            endpoint.close();
        }
    }

    @Test
    void aPersonFindsAFailedRunRunsItAgainAndWatchesItSucceed() throws Exception {
        Tenant tenant = Tenants.create();
        endpoint = SdkEndpoint.executing(tenant, "console-app", "console");
        String failed = testRun(tenant, "console-order", Map.of("order", "A-1", "amount", 42, "failFirst", true));
        assertEquals("FAILURE", awaitFinal(tenant, failed));
        String hostile = invoke(tenant, "console-hostile", Map.of("text", HOSTILE));
        assertEquals("SUCCESS", awaitFinal(tenant, hostile));
        String waiting = invoke(tenant, "console-waits", Map.of());
        awaitStatus(tenant, waiting, "WAITING_TO_CONTINUE");
        Tenant other = Tenants.create();
        Api.endpoint(other, "app");
        Api.register(other, "app", io.kongflow.jobs.support.Fixtures.job("index-a", "user-signup"))
                .statusCode(201);
        String otherRun = testRun(other, "user-signup", Map.of());

        NeededTools.npmCi(DIRECTORY, "node_modules/playwright-core");
        ProcessBuilder node =
                new ProcessBuilder("node", "console.mjs").directory(DIRECTORY).redirectErrorStream(true);
        Map<String, String> environment = node.environment();
        environment.put("BASE_URL", "http://127.0.0.1:" + RestAssured.port);
        environment.put("API_KEY", tenant.apiKey());
        environment.put("FAILED_RUN", failed);
        environment.put("HOSTILE_RUN", hostile);
        environment.put("WAITING_RUN", waiting);
        environment.put("OTHER_RUN", otherRun);
        environment.put("SCREENSHOTS", SCREENSHOTS.toAbsolutePath().toString());
        environment.put("CHROMIUM", CHROMIUM);
        Process process = node.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), "the browser test ended");
        assertEquals(0, process.exitValue(), output);
        assertEquals("CANCELED", status(tenant, waiting), "cancelled in the browser");
        copyScreenshotsToDocs();
    }

    private static void copyScreenshotsToDocs() throws IOException {
        if (!Boolean.getBoolean("console.docs-screenshots")) {
            return;
        }
        Path docs = Path.of("docs/console");
        Files.createDirectories(docs);
        try (var shots = Files.list(SCREENSHOTS)) {
            for (Path shot : shots.toList()) {
                Files.copy(shot, docs.resolve(shot.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static String testRun(Tenant tenant, String job, Map<String, Object> payload) {
        return Api.as(tenant)
                .body(Map.of("payload", payload))
                .post("/api/v1/jobs/{job}/test", job)
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    private static String invoke(Tenant tenant, String job, Map<String, Object> payload) {
        return Api.as(tenant)
                .body(Map.of("payload", payload))
                .post("/api/v1/jobs/{job}/invoke", job)
                .then()
                .statusCode(200)
                .extract()
                .path("id");
    }

    private static String status(Tenant tenant, String run) {
        return Api.as(tenant).get("/api/v1/runs/{id}", run).then().extract().path("status");
    }

    private static String awaitFinal(Tenant tenant, String run) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        String status = status(tenant, run);
        while (!FINAL.contains(status) && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
            status = status(tenant, run);
        }
        return status;
    }

    private static void awaitStatus(Tenant tenant, String run, String expected) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!expected.equals(status(tenant, run)) && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
        assertEquals(expected, status(tenant, run));
    }
}
