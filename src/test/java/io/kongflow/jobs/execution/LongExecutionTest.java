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
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A job of the real SDK that runs longer than the chunk limit the service sends
 * ({@code runChunkExecutionLimit}) yields on its own (auto-yield) and goes on in the next
 * execution, each task run once, until it succeeds.
 */
@QuarkusTest
@TestProfile(LongExecutionTest.ShortChunks.class)
class LongExecutionTest {

    static final int CHUNK_MS = 2500;

    /** ExecutionOn with a chunk of 2.5 s: the job's six 700 ms tasks need more than one. */
    public static class ShortChunks extends ExecutionOn {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
            overrides.put("kongflow.execution.chunk-limit", CHUNK_MS + "ms");
            return overrides;
        }
    }

    private static SdkEndpoint endpoint;

    final Database database = Database.shared();

    @BeforeAll
    static void requireNode() {
        NeededTools.require("the real SDK endpoint runs on Node.js", "node", "npm");
    }

    @AfterAll
    static void stopEndpoint() throws Exception {
        if (endpoint != null) {
            endpoint.close();
        }
    }

    @Test
    void aJobLongerThanOneChunkYieldsAndContinuesToSuccess() throws Exception {
        Tenant tenant = Tenants.create();
        endpoint = SdkEndpoint.executing(tenant, "kongflow-long-test");
        String run = Api.as(tenant)
                .body(Map.of("payload", Map.of()))
                .post("/api/v1/jobs/{slug}/invoke", "long-chunks")
                .then()
                .statusCode(200)
                .extract()
                .path("id");
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
        assertEquals("SUCCESS", status, database.runOutput(run));
        assertEquals("{\"results\": [1, 2, 3, 4, 5, 6]}", database.runOutput(run));

        JsonPath stats =
                RestAssured.given().get(endpoint.statsUrl()).then().extract().jsonPath();
        int executions = stats.getInt("executeJobs.'" + run + "'.count");
        assertTrue(executions >= 2, "4.2 s of tasks in chunks of 2.5 s took " + executions + " execution(s)");
        for (int i = 0; i < executions; i++) {
            assertEquals(CHUNK_MS, stats.getInt("executeJobs.'" + run + "'.arrivals[" + i + "].chunkLimit"));
        }
        for (int step = 1; step <= 6; step++) {
            assertEquals(1, stats.getInt("longTaskCalls.'" + run + ":" + step + "'"), "step " + step + " ran once");
        }
        assertEquals(0, database.count("SELECT execution_failure_count FROM job_runs WHERE id = $1::uuid", run));
    }
}
