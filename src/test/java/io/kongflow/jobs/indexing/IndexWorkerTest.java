package io.kongflow.jobs.indexing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kongflow.jobs.indexing.IndexWorkerTest.WorkerOn;
import io.kongflow.jobs.support.Api;
import io.kongflow.jobs.support.Database;
import io.kongflow.jobs.support.Eventually;
import io.kongflow.jobs.support.FakeEndpoint;
import io.kongflow.jobs.support.Fixtures;
import io.kongflow.jobs.support.ParkedIndexes;
import io.kongflow.jobs.support.Tenants;
import io.kongflow.jobs.support.Tenants.Tenant;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * The background worker runs queued indexes: new ones, ones left by a stopped replica, and stale ones.
 * Other tests' unfinished indexes are set aside ({@link ParkedIndexes}) while each test runs, so that the
 * worker is not busy with their backlog and the wait is for this test's indexes alone.
 */
@QuarkusTest
@TestProfile(WorkerOn.class)
class IndexWorkerTest {

    public static class WorkerOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "kongflow.indexing.worker-enabled",
                    "true",
                    "kongflow.indexing.poll-interval",
                    "100ms",
                    "kongflow.indexing.concurrency",
                    "4");
        }
    }

    final Database database = Database.shared();

    /** Generous: the worker polls every 100 ms, but the machine may be busy. */
    private static final Duration PATIENCE = Duration.ofSeconds(120);

    /** Polls the database until the condition holds, failing after {@link #PATIENCE}. */
    private static void eventually(BooleanSupplier condition, String what) {
        Eventually.await(condition, what, PATIENCE);
    }

    private String status(String indexId) {
        return database.query("SELECT status FROM endpoint_indexes WHERE id = $1::uuid", indexId)
                .get(0)
                .getString(0);
    }

    @Test
    void theIndexQueuedByEndpointRegistrationRunsInTheBackground() throws InterruptedException {
        try (ParkedIndexes ignored = ParkedIndexes.park(database)) {
            Tenant tenant = Tenants.create();
            String indexId = Api.as(tenant)
                    .body(Map.of(
                            "id",
                            "app",
                            "url",
                            FakeEndpoint.serve(FakeEndpoint.indexing(
                                    Fixtures.index("index-a").toString()))))
                    .post("/api/v1/endpoints")
                    .then()
                    .statusCode(200)
                    .extract()
                    .path("endpointIndex.id");
            eventually(() -> "SUCCESS".equals(status(indexId)), "the INTERNAL index succeeds");
            Api.as(tenant).get("/api/v1/jobs").then().body("data.size()", org.hamcrest.Matchers.equalTo(4));
            assertEquals(
                    1,
                    database.count("SELECT attempts FROM endpoint_indexes WHERE id = $1::uuid", indexId),
                    "run once");
        }
    }

    @Test
    void pendingAndStaleIndexesLeftByAStoppedReplicaAreRun() throws InterruptedException {
        try (ParkedIndexes ignored = ParkedIndexes.park(database)) {
            Tenant tenant = Tenants.create();
            Api.endpoint(tenant, "app");
            String endpointId = database.query(
                            "SELECT id::text FROM endpoints WHERE environment_id = $1::uuid", tenant.environmentId())
                    .get(0)
                    .getString(0);
            String pending = database.query(
                            "INSERT INTO endpoint_indexes (endpoint_id, source) VALUES ($1::uuid, 'HOOK') "
                                    + "RETURNING id::text",
                            endpointId)
                    .get(0)
                    .getString(0);
            String stale = database.query(
                            "INSERT INTO endpoint_indexes (endpoint_id, source, status, attempts, started_at) "
                                    + "VALUES ($1::uuid, 'API', 'STARTED', 1, now() - interval '1 hour') RETURNING id::text",
                            endpointId)
                    .get(0)
                    .getString(0);
            String exhausted = database.query(
                            "INSERT INTO endpoint_indexes (endpoint_id, source, status, attempts, started_at) "
                                    + "VALUES ($1::uuid, 'API', 'STARTED', 3, now() - interval '1 hour') RETURNING id::text",
                            endpointId)
                    .get(0)
                    .getString(0);

            eventually(() -> "SUCCESS".equals(status(pending)), "the pending index runs");
            eventually(() -> "SUCCESS".equals(status(stale)), "the stale index is run again");
            eventually(() -> "FAILURE".equals(status(exhausted)), "the exhausted index is given up");
            assertEquals(2, database.count("SELECT attempts FROM endpoint_indexes WHERE id = $1::uuid", stale));
            assertTrue(database.query("SELECT error ->> 'message' FROM endpoint_indexes WHERE id = $1::uuid", exhausted)
                    .get(0)
                    .getString(0)
                    .startsWith("Gave up after 3 attempts"));
        }
    }
}
