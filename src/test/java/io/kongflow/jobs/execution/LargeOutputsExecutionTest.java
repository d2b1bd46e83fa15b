package io.kongflow.jobs.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.kongflow.jobs.support.Api;
import io.kongflow.jobs.support.Database;
import io.kongflow.jobs.support.NeededTools;
import io.kongflow.jobs.support.SdkEndpoint;
import io.kongflow.jobs.support.Tenants;
import io.kongflow.jobs.support.Tenants.Tenant;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A run whose completed task has 300 kB of output, executed again after a wait, and whose own
 * output is as large, on the real SDK: the EXECUTE_JOB body carrying the output back is built, and
 * the large answer parsed, off the event loop, and the run ends as it would with small ones.
 */
@QuarkusTest
@TestProfile(ExecutionOn.class)
class LargeOutputsExecutionTest {

    final Database database = Database.shared();

    @Test
    void aRunWithLargeOutputsIsExecutedAgainFromItsCacheAndEnds() throws Exception {
        NeededTools.require("the real SDK endpoint runs on Node.js", "node", "npm");
        Tenant tenant = Tenants.create();
        try (SdkEndpoint endpoint = SdkEndpoint.executing(tenant, "large-outputs")) {
            String run = Api.as(tenant)
                    .body(Map.of("payload", Map.of()))
                    .post("/api/v1/jobs/exec-large/invoke")
                    .then()
                    .statusCode(200)
                    .extract()
                    .path("id");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!"SUCCESS".equals(status(run))) {
                if (System.nanoTime() > deadline) {
                    fail("run " + run + " is " + status(run));
                }
                Thread.sleep(50);
            }
            assertEquals(
                    List.of(300_000L, 300_000L),
                    database.query("""
                                    SELECT CAST(output ->> 'length' AS bigint), CAST(length(output ->> 'blob') AS bigint)
                                    FROM job_runs WHERE id = $1::uuid""", run).stream()
                            .map(row -> List.of(row.getLong(0), row.getLong(1)))
                            .findFirst()
                            .orElseThrow());
            int executions = RestAssured.given()
                    .get(endpoint.statsUrl())
                    .then()
                    .extract()
                    .path("executeJobs.'" + run + "'.count");
            assertEquals(2, executions, "executed before and after its wait");
            int taskCalls = RestAssured.given()
                    .get(endpoint.statsUrl())
                    .then()
                    .extract()
                    .path("largeTaskCalls");
            assertEquals(1, taskCalls, "the task came back from the cache, not run again");
        }
    }

    private String status(String run) {
        return database.query("SELECT status FROM job_runs WHERE id = $1::uuid", run)
                .get(0)
                .getString(0);
    }
}
