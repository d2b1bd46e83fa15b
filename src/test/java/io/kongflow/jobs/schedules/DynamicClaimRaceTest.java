package io.kongflow.jobs.schedules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kongflow.jobs.support.Api;
import io.kongflow.jobs.support.Database;
import io.kongflow.jobs.support.Fixtures;
import io.kongflow.jobs.support.Invariants;
import io.kongflow.jobs.support.OnVertx;
import io.kongflow.jobs.support.Race;
import io.kongflow.jobs.support.Tenants;
import io.kongflow.jobs.support.Tenants.Tenant;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Concurrent claimers in one JVM (the worker is off in this profile: only the test fires) over the
 * registrations of dynamic schedules, each tick running three jobs: every registration fires once,
 * with one event and one run per attached job, and loops whose ticks run the same jobs in other
 * orders never fail (the runs are created in job order).
 */
@QuarkusTest
@Tag("race")
class DynamicClaimRaceTest {

    private static final int REGISTRATIONS = 30;
    private static final int CLAIMERS = 8;
    private static final List<String> JOBS = List.of("fan-a", "fan-b", "fan-c");

    final Database database = Database.shared();

    @Inject
    ScheduleTicks ticks;

    @Test
    void racingFireLoopsFireEachDueRegistrationOnceWithARunPerAttachedJob() throws Exception {
        Tenant tenant = Tenants.create();
        Api.endpoint(tenant, "app");
        for (String job : JOBS) {
            var metadata = Fixtures.signup(job, "1.0.0");
            metadata.putObject("trigger").put("type", "dynamic").put("id", "fanout");
            Api.register(tenant, "app", metadata).statusCode(201);
        }
        // The endpoint's index would report this (its INDEX_ENDPOINT's dynamicSchedules); no index runs here.
        database.query("""
                INSERT INTO dynamic_schedules (environment_id, endpoint_id, slug, job_slugs)
                SELECT environment_id, id, 'fanout', ARRAY['fan-a', 'fan-b', 'fan-c'] FROM endpoints
                WHERE environment_id = $1::uuid AND slug = 'app'""", tenant.environmentId());
        for (int i = 0; i < REGISTRATIONS; i++) {
            Api.as(tenant)
                    .contentType("application/json")
                    .body("{\"id\": \"r-" + i + "\", \"type\": \"interval\", \"options\": {\"seconds\": 60}}")
                    .post("/api/v1/app/schedules/fanout/registrations")
                    .then()
                    .statusCode(200);
        }
        List<UUID> sources = database
                .query(
                        "UPDATE schedule_sources SET next_event_at = now() - interval '1 second'"
                                + " WHERE environment_id = $1::uuid AND dynamic_schedule_id IS NOT NULL RETURNING id",
                        tenant.environmentId())
                .stream()
                .map(row -> row.getUUID("id"))
                .toList();
        assertEquals(REGISTRATIONS, sources.size());

        List<Callable<List<UUID>>> loops = new ArrayList<>();
        for (int i = 0; i < CLAIMERS; i++) {
            loops.add(() -> {
                List<UUID> fired = new ArrayList<>();
                for (List<ScheduleTicks.Fired> due = fire(); !due.isEmpty(); due = fire()) {
                    due.forEach(tick -> {
                        assertTrue(tick.runStarted(), "each tick started runs");
                        fired.add(tick.sourceId());
                    });
                }
                return fired;
            });
        }
        List<List<UUID>> fired = Race.run(CLAIMERS, loops);

        Map<UUID, Integer> firedBySource = new HashMap<>();
        fired.stream().flatMap(List::stream).forEach(source -> firedBySource.merge(source, 1, Integer::sum));
        for (UUID source : sources) {
            assertEquals(1, firedBySource.getOrDefault(source, 0), "source " + source + " fired: " + firedBySource);
        }
        assertEquals(
                List.of(List.of((long) REGISTRATIONS, (long) REGISTRATIONS * JOBS.size(), (long) JOBS.size())),
                Invariants.over(database).query("""
                        SELECT count(DISTINCT e.id), count(r.id), count(DISTINCT r.job_id)
                        FROM event_records e LEFT JOIN job_runs r ON r.event_id = e.id
                        WHERE e.environment_id = $1::uuid AND e.name = 'dev.trigger.scheduled'""", tenant.environmentId()),
                "one event per registration, one run per attached job and event");
        assertEquals(
                0,
                database.count(
                        "SELECT count(*) FROM schedule_sources WHERE environment_id = $1::uuid AND next_event_at <= now()",
                        tenant.environmentId()),
                "every registration advanced");
        Invariants.assertHold(Invariants.over(database), tenant.environmentId());
        database.query(
                "UPDATE schedule_sources SET active = false, next_event_at = NULL WHERE environment_id = $1::uuid",
                tenant.environmentId());
    }

    private List<ScheduleTicks.Fired> fire() {
        return OnVertx.await(ticks::fireDue);
    }
}
