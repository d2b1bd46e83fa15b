package io.kongflow.jobs.it;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.kongflow.jobs.support.Invariants;
import io.kongflow.jobs.support.SdkEndpoint;
import io.kongflow.jobs.support.Tenants.Tenant;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** What the tests of executing replicas read and check: the endpoint's counters, a run, the slots. */
final class ReplicaChecks {

    private ReplicaChecks() {}

    /** The endpoint's counters; numbers as doubles (arrival times are epoch milliseconds with a fraction). */
    static JsonPath stats(SdkEndpoint endpoint) {
        return new JsonPath(given().get(endpoint.statsUrl())
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString())
                .using(new JsonPathConfig(JsonPathConfig.NumberReturnType.DOUBLE));
    }

    /** A counter of the endpoint's stats; 0 while it has not counted anything yet. */
    static int number(JsonPath stats, String path) {
        Number value = stats.get(path);
        return value == null ? 0 : value.intValue();
    }

    static String status(Invariants.Sql sql, String run) {
        return (String) sql.query("SELECT status FROM job_runs WHERE id = $1::uuid", run)
                .get(0)
                .get(0);
    }

    /** No slot held, no queue count left behind, and every invariant of the tenant's data. */
    static void assertSlotsFree(Invariants.Sql sql, Tenant tenant) {
        assertEquals(
                List.of(List.of(0L, 0L)),
                sql.query("""
                        SELECT COALESCE(sum(q.job_count), 0),
                               (SELECT count(*) FROM job_runs r WHERE r.environment_id = $1::uuid AND r.holds_slot)
                        FROM job_queues q WHERE q.environment_id = $2::uuid""", tenant.environmentId(), tenant.environmentId()),
                "job_count back to 0, no run holding a slot");
        Invariants.assertHold(sql, tenant.environmentId());
    }

    static void waitFor(BooleanSupplier condition, String what, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("Timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }
}
