package io.kongflow.jobs.execution;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kongflow.jobs.support.Api;
import io.kongflow.jobs.support.Database;
import io.kongflow.jobs.support.NeededTools;
import io.kongflow.jobs.support.SdkEndpoint;
import io.kongflow.jobs.support.Tenants;
import io.kongflow.jobs.support.Tenants.Tenant;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Test runs of a real {@code @trigger.dev/sdk@2.3.18} app's scheduled jobs behave as on trigger.dev
 * v2's test page: the example the SDK registered ({@code ts: "__CURRENT_DATE__"}) runs with the
 * current time filled in, and a payload the SDK's schema refuses ends as v2 recorded it.
 */
@QuarkusTest
@TestProfile(ExecutionOn.class)
class TestRunExamplesTest {

    private static Tenant tenant;
    private static SdkEndpoint endpoint;

    final Database database = Database.shared();

    @BeforeAll
    static void requireNode() {
        NeededTools.require("the real SDK endpoint runs on Node.js", "node", "npm");
    }

    @BeforeEach
    void startEndpoint() throws Exception {
        if (endpoint == null) {
            tenant = Tenants.create();
            endpoint = SdkEndpoint.executing(tenant, "kongflow-examples-test");
        }
    }

    @AfterAll
    static void stopEndpoint() throws Exception {
        if (endpoint != null) {
            endpoint.close();
        }
    }

    @Test
    void aScheduledJobsRegisteredExampleRunsWithTheCurrentTime() {
        for (String job : new String[] {"exec-cron", "exec-interval"}) {
            Instant before = Instant.now();
            String run = Api.as(tenant)
                    .body(Map.of("exampleId", "now"))
                    .post("/api/v1/jobs/{slug}/test", job)
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("id");
            String ts = Api.as(tenant)
                    .get("/api/v1/runs/{id}", run)
                    .then()
                    .extract()
                    .path("event.payload.ts");
            Instant filled = Instant.parse(ts);
            assertTrue(!filled.isBefore(before.minus(Duration.ofSeconds(1))) && !filled.isAfter(Instant.now()), ts);
            assertEquals(
                    ts,
                    Api.as(tenant)
                            .get("/api/v1/runs/{id}", run)
                            .then()
                            .extract()
                            .path("event.payload.lastTimestamp"));
            assertEquals("SUCCESS", RealSdkExecutionTest.awaitFinal(tenant, run), job + ": " + database.runOutput(run));
            assertEquals(
                    "{\"ts\": \"" + ts + "\", \"lastTimestamp\": \"" + ts + "\"}",
                    database.runOutput(run),
                    "what the job parsed");
        }
    }

    @Test
    void theExamplesPayloadCopiedByHandRunsToo() {
        String run = Api.as(tenant)
                .body(Map.of("payload", Map.of("ts", "__CURRENT_DATE__", "lastTimestamp", "__CURRENT_DATE__")))
                .post("/api/v1/jobs/exec-interval/test")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        assertEquals("SUCCESS", RealSdkExecutionTest.awaitFinal(tenant, run), database.runOutput(run));
    }

    /** The SDK parses a scheduled payload with zod: its error is the job's, a FAILURE, as on v2. */
    @Test
    void aPayloadTheSdkRefusesFailsTheRunWithTheSdksError() {
        String run = Api.as(tenant)
                .body(Map.of("payload", Map.of("ts", "not a date")))
                .post("/api/v1/jobs/exec-interval/test")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        assertEquals("FAILURE", RealSdkExecutionTest.awaitFinal(tenant, run));
        assertTrue(database.runOutput(run).contains("Invalid date"), database.runOutput(run));
    }

    @Test
    void anUnknownExampleOrAnExampleWithAPayloadIsRefusedAndNothingIsWritten() {
        Map<String, String> before = database.snapshot();
        Api.as(tenant)
                .body(Map.of("exampleId", "later"))
                .post("/api/v1/jobs/exec-interval/test")
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("detail", equalTo("Example 'later' of version '1.0.0' not found"));
        Api.as(tenant)
                .body(Map.of("exampleId", "now", "payload", Map.of("ts", "x")))
                .post("/api/v1/jobs/exec-interval/test")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].path", equalTo("exampleId"))
                .body("detail", containsString("exampleId"));
        assertEquals(before, database.snapshot());
    }
}
