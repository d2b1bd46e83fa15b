package io.kongflow.jobs.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kongflow.jobs.persistence.Postgres;
import io.kongflow.jobs.support.Api;
import io.kongflow.jobs.support.Database;
import io.kongflow.jobs.support.Fixtures;
import io.kongflow.jobs.support.OnVertx;
import io.kongflow.jobs.support.Tenants;
import io.kongflow.jobs.support.Tenants.Tenant;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Runs started by a stored event: one per (event, version), only of versions that can run. */
@QuarkusTest
class EventRunsTest {

    final Database database = Database.shared();

    @Inject
    Postgres postgres;

    @Inject
    EventRuns eventRuns;

    @Test
    void racingCallersCreateOneRunPerEventAndVersionWithGapFreeNumbers() throws Exception {
        Tenant tenant = tenantWithJob();
        UUID version = version(tenant);
        UUID event = event(tenant, "evt-race");

        List<List<UUID>> created = concurrently(8, () -> create(event, version));

        List<UUID> all = created.stream().flatMap(List::stream).toList();
        assertEquals(1, all.size(), "one run across every racing call: " + created);
        String runId = all.get(0).toString();
        Api.as(tenant)
                .get("/api/v1/runs/" + runId)
                .then()
                .statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("QUEUED"))
                .body("number", org.hamcrest.Matchers.equalTo(1))
                .body("isTest", org.hamcrest.Matchers.equalTo(false));
        assertEquals(
                1,
                database.count(
                        "SELECT last_number FROM job_run_counters c JOIN job_versions v ON v.job_id = c.job_id"
                                + " WHERE v.id = $1",
                        version),
                "no number spent on a run that was not written");

        // A later event gets its own run, with the next number.
        UUID second = create(event(tenant, "evt-next"), version).get(0);
        Api.as(tenant)
                .get("/api/v1/runs/" + second)
                .then()
                .statusCode(200)
                .body("number", org.hamcrest.Matchers.equalTo(2));
    }

    @Test
    void aVersionThatCannotRunGetsNoRun() {
        Tenant tenant = tenantWithJob();
        UUID version = version(tenant);
        Api.register(tenant, "app", Fixtures.job("index-a", "user-signup").put("enabled", false))
                .statusCode(200);

        assertTrue(create(event(tenant, "evt-disabled"), version).isEmpty());
        assertEquals(0, database.count("SELECT count(*) FROM job_runs WHERE version_id = $1", version));
    }

    @Test
    void anEventOfAnotherEnvironmentStartsNothing() {
        Tenant owner = tenantWithJob();
        Tenant other = tenantWithJob();

        assertTrue(create(event(other, "evt-foreign"), version(owner)).isEmpty());
        assertEquals(0, database.count("SELECT count(*) FROM job_runs WHERE version_id = $1", version(owner)));
    }

    private List<UUID> create(UUID event, UUID version) {
        return OnVertx.await(() -> postgres.transaction(sql -> eventRuns.create(sql, event, List.of(version))));
    }

    private static Tenant tenantWithJob() {
        Tenant tenant = Tenants.create();
        Api.endpoint(tenant, "app");
        Api.register(tenant, "app", Fixtures.job("index-a", "user-signup")).statusCode(201);
        return tenant;
    }

    private UUID version(Tenant tenant) {
        return database.query(
                        "SELECT id FROM job_versions WHERE environment_id = $1",
                        UUID.fromString(tenant.environmentId()))
                .get(0)
                .getUUID("id");
    }

    /** Written delivered: the delivery worker leaves it alone, so only this test's calls make its runs. */
    private UUID event(Tenant tenant, String eventId) {
        return database.query(
                        "INSERT INTO event_records (environment_id, organization_id, project_id, event_id, name,"
                                + " source, payload, context, delivered_at) SELECT id, organization_id, project_id, $2,"
                                + " 'user.created', 'trigger.dev', '{}', '{}', now() FROM runtime_environments"
                                + " WHERE id = $1 RETURNING id",
                        UUID.fromString(tenant.environmentId()),
                        eventId)
                .get(0)
                .getUUID("id");
    }

    private static <T> List<T> concurrently(int count, Callable<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(count);
        try {
            List<T> results = new ArrayList<>();
            for (Future<T> future : pool.invokeAll(java.util.Collections.nCopies(count, task))) {
                results.add(future.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
