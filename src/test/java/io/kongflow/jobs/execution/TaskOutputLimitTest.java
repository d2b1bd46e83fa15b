package io.kongflow.jobs.execution;

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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Task outputs are held to v2's limit, 3 Mi characters of JSON text (its complete route), not to
 * the 1 MiB body limit of the other routes: a 2 MB output completes through the real SDK, a larger
 * one than v2 took fails the run with v2's message.
 */
@QuarkusTest
@TestProfile(ExecutionOn.class)
class TaskOutputLimitTest {

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
            endpoint = SdkEndpoint.executing(tenant, "kongflow-output-limit-test");
        }
    }

    @AfterAll
    static void stopEndpoint() throws Exception {
        if (endpoint != null) {
            endpoint.close();
        }
    }

    @Test
    void anOutputOverOneMebibyteWithinV2sLimitCompletes() {
        String run = invoke(2_000_000);
        assertEquals("SUCCESS", awaitFinal(run), database.runOutput(run));
        assertEquals("{\"length\": 2000000}", database.runOutput(run));
        assertEquals(
                List.of("COMPLETED"),
                database.query("SELECT status FROM job_tasks WHERE run_id = $1::uuid", run).stream()
                        .map(row -> row.getString(0))
                        .toList());
    }

    @Test
    void anOutputOverV2sLimitFailsTheRunWithV2sMessage() {
        String run = invoke(3 * 1024 * 1024);
        assertEquals("FAILURE", awaitFinal(run), database.runOutput(run));
        assertTrue(database.runOutput(run).contains("Output must be less than 3MB"), database.runOutput(run));
        assertEquals(
                0,
                database.count("SELECT count(*) FROM job_tasks WHERE run_id = $1::uuid AND status = 'COMPLETED'", run));
    }

    @Test
    void aCompletionBodyOverItsOwnLimitIs413AndOtherRoutesKeepOneMebibyte() {
        String path = "/api/v1/runs/" + UUID.randomUUID() + "/tasks/" + UUID.randomUUID() + "/complete";
        Api.as(tenant)
                .body("{\"output\": \"" + "x".repeat(10 * 1024 * 1024) + "\"}")
                .post(path)
                .then()
                .statusCode(413)
                .contentType("application/problem+json")
                .body("error", org.hamcrest.Matchers.equalTo("Request body too large; the limit is 10485760 bytes"));
        Api.as(tenant)
                .body("{\"output\": \"" + "x".repeat(2 * 1024 * 1024) + "\"}")
                .post(path)
                .then()
                .statusCode(404);
        Api.as(tenant)
                .body("{\"label\": \"" + "x".repeat(2 * 1024 * 1024) + "\"}")
                .put("/api/v1/runs/{id}/statuses/s", UUID.randomUUID())
                .then()
                .statusCode(413)
                .body("error", org.hamcrest.Matchers.equalTo("Request body too large; the limit is 1048576 bytes"));
    }

    private static String invoke(int chars) {
        return Api.as(tenant)
                .body(Map.of("payload", Map.of("chars", chars)))
                .post("/api/v1/jobs/{slug}/invoke", "large-task-output")
                .then()
                .statusCode(200)
                .extract()
                .path("id");
    }

    private static String awaitFinal(String run) {
        long deadline = System.nanoTime() + 60_000_000_000L;
        String status;
        do {
            LockSupport.parkNanos(100_000_000);
            status = Api.as(tenant)
                    .get("/api/v1/runs/{id}", run)
                    .then()
                    .extract()
                    .path("status");
        } while (!List.of("SUCCESS", "FAILURE", "TIMED_OUT").contains(status) && System.nanoTime() < deadline);
        return status;
    }
}
