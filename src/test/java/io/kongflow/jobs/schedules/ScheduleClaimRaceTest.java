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
 * Concurrent claimers in one JVM (the worker is off in this profile: only the test fires): 8 fire
 * loops released together over 40 due schedules fire each tick once, with one event and one run.
 */
@QuarkusTest
@Tag("race")
class ScheduleClaimRaceTest {

    private static final int SCHEDULES = 40;
    private static final int CLAIMERS = 8;

    final Database database = Database.shared();

    @Inject
    ScheduleTicks ticks;

    @Test
    void racingFireLoopsFireEachDueTickOnce() throws Exception {
        Tenant tenant = Tenants.create();
        Api.endpoint(tenant, "app");
        for (int i = 0; i < SCHEDULES; i++) {
            Api.register(tenant, "app", Fixtures.job("index-a", "poller").put("id", "race-" + i))
                    .statusCode(201);
        }
        database.query(
                "UPDATE schedule_sources SET next_event_at = now() - interval '1 second' WHERE environment_id = $1::uuid",
                tenant.environmentId());
        List<UUID> sources = database
                .query(
                        "SELECT id FROM schedule_sources WHERE environment_id = $1::uuid AND active",
                        tenant.environmentId())
                .stream()
                .map(row -> row.getUUID("id"))
                .toList();
        assertEquals(SCHEDULES, sources.size());

        List<Callable<List<UUID>>> loops = new ArrayList<>();
        for (int i = 0; i < CLAIMERS; i++) {
            loops.add(() -> {
                List<UUID> fired = new ArrayList<>();
                for (List<ScheduleTicks.Fired> ticks = fire(); !ticks.isEmpty(); ticks = fire()) {
                    ticks.forEach(tick -> fired.add(tick.sourceId()));
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
        assertTrue(fired.stream().filter(list -> !list.isEmpty()).count() > 1, "more than one loop fired: " + fired);
        assertEquals(
                List.of(List.of((long) SCHEDULES, (long) SCHEDULES, (long) SCHEDULES)),
                Invariants.over(database).query("""
                        SELECT count(DISTINCT e.id), count(r.id), count(DISTINCT r.job_id)
                        FROM event_records e LEFT JOIN job_runs r ON r.event_id = e.id
                        WHERE e.environment_id = $1::uuid AND e.name = 'dev.trigger.scheduled'""", tenant.environmentId()),
                "one event per schedule, one run per event, one run per job");
        assertEquals(
                0,
                database.count(
                        "SELECT count(*) FROM schedule_sources WHERE environment_id = $1::uuid AND next_event_at <= now()",
                        tenant.environmentId()),
                "every schedule advanced");
        Invariants.assertHold(Invariants.over(database), tenant.environmentId());
        database.query(
                "UPDATE schedule_sources SET active = false, next_event_at = NULL WHERE environment_id = $1::uuid",
                tenant.environmentId());
    }

    private List<ScheduleTicks.Fired> fire() {
        return OnVertx.await(ticks::fireDue);
    }
}
