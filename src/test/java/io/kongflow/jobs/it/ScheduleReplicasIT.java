package io.kongflow.jobs.it;

import static io.kongflow.jobs.it.ReplicaChecks.waitFor;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kongflow.jobs.support.Api;
import io.kongflow.jobs.support.Fixtures;
import io.kongflow.jobs.support.Invariants;
import io.kongflow.jobs.support.PackagedService;
import io.kongflow.jobs.support.Tenants;
import io.kongflow.jobs.support.Tenants.Tenant;
import io.restassured.RestAssured;
import java.sql.Connection;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Schedules on packaged services (jar, or native executable) sharing one database: two replicas
 * racing for the same due ticks fire each once (a job's own schedule, and the registrations of a
 * dynamic schedule, each of which runs every job attached to it), and a replica SIGKILLed in the middle of a tick's
 * transaction loses it to nobody — the tick is either committed whole or not at all, and then
 * fired by the next replica. The replicas execute nothing (their runs stay QUEUED): what is checked
 * is which ticks fired and which runs they created.
 */
@Tag("crash")
class ScheduleReplicasIT {

    private static final int SCHEDULES = 40;
    private static final int ROUNDS = 4;
    private static final Pattern TICKS_WITH_RUN =
            Pattern.compile("(?m)^kongflow_schedule_ticks_total\\{[^}]*outcome=\"run\"[^}]*\\} ([0-9.E]+)");

    private final StartedProcesses started = new StartedProcesses();

    @AfterEach
    void stop() throws Exception {
        started.closeAll();
    }

    @Test
    void twoReplicasRacingForTheSameTicksFireEachOnce() throws Exception {
        Map<String, String> settings = settings("kongflow_schedule_replicas");
        PackagedService a = started.add(PackagedService.start("schedule-replicas-a", settings));
        PackagedService b = started.add(PackagedService.start("schedule-replicas-b", settings));
        RestAssured.port = a.port();
        Tenant tenant = Tenants.create();
        Api.endpoint(tenant, "app");
        for (int i = 0; i < SCHEDULES; i++) {
            Api.register(tenant, "app", Fixtures.job("index-a", "poller").put("id", "replica-tick-" + i))
                    .statusCode(201);
        }
        try (Connection db = a.database()) {
            Invariants.Sql sql = Invariants.over(db);
            fireRounds(sql, tenant, "");
            assertEquals(
                    List.of(List.of((long) SCHEDULES, (long) ROUNDS, (long) ROUNDS)),
                    sql.query("""
                            SELECT count(*), min(ticks), max(ticks) FROM (
                                SELECT s.id, count(e.id) AS ticks FROM schedule_sources s
                                LEFT JOIN event_records e ON e.event_id LIKE s.id || ':%'
                                GROUP BY s.id) fired"""),
                    "each schedule fired once a round");
            assertEquals(
                    List.of(List.of((long) SCHEDULES * ROUNDS, (long) SCHEDULES * ROUNDS)),
                    sql.query("""
                            SELECT count(DISTINCT e.id), count(r.id) FROM event_records e
                            LEFT JOIN job_runs r ON r.event_id = e.id WHERE e.name = 'dev.trigger.scheduled'"""),
                    "each tick started one run");
            assertTheReplicasSharedTheTicks(a, b);
            Invariants.assertHold(sql, tenant.environmentId());
        }
    }

    @Test
    void twoReplicasFireEachDynamicRegistrationOnceARoundWithARunPerAttachedJob() throws Exception {
        Map<String, String> settings = settings("kongflow_dynamic_replicas");
        PackagedService a = started.add(PackagedService.start("dynamic-replicas-a", settings));
        PackagedService b = started.add(PackagedService.start("dynamic-replicas-b", settings));
        RestAssured.port = a.port();
        Tenant tenant = Tenants.create();
        Api.endpoint(tenant, "app");
        StringBuilder jobs = new StringBuilder();
        for (String job : List.of("fan-a", "fan-b")) {
            var metadata = Fixtures.signup(job, "1.0.0");
            metadata.putObject("trigger").put("type", "dynamic").put("id", "fanout");
            jobs.append(jobs.isEmpty() ? "" : ",").append(metadata);
        }
        // Pushed as the endpoint's index reports them: the dynamic schedule and the jobs it runs.
        Api.as(tenant)
                .body("{\"jobs\": [" + jobs + "], \"dynamicSchedules\": [{\"id\": \"fanout\","
                        + " \"jobs\": [{\"id\": \"fan-a\"}, {\"id\": \"fan-b\"}]}]}")
                .put("/api/v1/endpoints/{slug}/jobs", "app")
                .then()
                .statusCode(200);
        for (int i = 0; i < SCHEDULES; i++) {
            // Registrations through both replicas.
            given().port(i % 2 == 0 ? a.port() : b.port())
                    .header("Authorization", "Bearer " + tenant.apiKey())
                    .contentType("application/json")
                    .body("{\"id\": \"r-" + i + "\", \"type\": \"interval\", \"options\": {\"seconds\": 3600}}")
                    .post("/api/v1/app/schedules/fanout/registrations")
                    .then()
                    .statusCode(200);
        }
        try (Connection db = a.database()) {
            Invariants.Sql sql = Invariants.over(db);
            fireRounds(sql, tenant, " AND dynamic_schedule_id IS NOT NULL");
            assertEquals(
                    List.of(List.of((long) SCHEDULES, (long) ROUNDS, (long) ROUNDS)),
                    sql.query("""
                            SELECT count(*), min(ticks), max(ticks) FROM (
                                SELECT s.id, count(e.id) AS ticks FROM schedule_sources s
                                LEFT JOIN event_records e ON e.event_id LIKE s.id || ':%'
                                WHERE s.dynamic_schedule_id IS NOT NULL GROUP BY s.id) fired"""),
                    "each registration fired once a round");
            assertEquals(
                    List.of(List.of((long) SCHEDULES * ROUNDS, 2L, 2L)),
                    sql.query("""
                            SELECT count(*), min(runs), max(runs) FROM (
                                SELECT e.id, count(r.id) AS runs FROM event_records e
                                LEFT JOIN job_runs r ON r.event_id = e.id
                                WHERE e.name = 'dev.trigger.scheduled' GROUP BY e.id) started"""),
                    "each tick started one run of each attached job");
            assertTheReplicasSharedTheTicks(a, b);
            Invariants.assertHold(sql, tenant.environmentId());
        }
    }

    @Test
    void aReplicaKilledMidTickLeavesNothingAndTheNextReplicaFiresTheTickOnce() throws Exception {
        Map<String, String> settings = settings("kongflow_schedule_sigkill");
        PackagedService a = started.add(PackagedService.start("schedule-sigkill-a", settings));
        RestAssured.port = a.port();
        Tenant tenant = Tenants.create();
        Api.endpoint(tenant, "app");
        Api.register(tenant, "app", Fixtures.job("index-a", "poller").put("id", "held-tick"))
                .statusCode(201);
        try (Connection db = a.database()) {
            Invariants.Sql sql = Invariants.over(db);
            String source = String.valueOf(sql.query("SELECT id FROM schedule_sources WHERE key = 'held-tick'")
                    .get(0)
                    .get(0));
            holdTicksOf(db, source);
            sql.query(
                    "UPDATE schedule_sources SET next_event_at = now() - interval '1 second' WHERE id = $1::uuid RETURNING id",
                    source);
            List<List<Object>> due =
                    sql.query("SELECT next_event_at, last_event_at FROM schedule_sources WHERE id = $1::uuid", source);
            waitFor(() -> count(sql, HELD_TICKS) == 1, "the tick to be held inside its transaction", 30);

            a.kill();
            // PostgreSQL notices its client is gone only when the sleep ends: end the backend as it would.
            sql.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE wait_event = 'PgSleep'"
                    + " AND query LIKE '%event_records%'");
            waitFor(() -> count(sql, HELD_TICKS) == 0, "the held transaction to end", 30);
            assertEquals(
                    due,
                    sql.query("SELECT next_event_at, last_event_at FROM schedule_sources WHERE id = $1::uuid", source),
                    "the schedule was not advanced");
            assertEquals(0, count(sql, "SELECT count(*) FROM event_records WHERE name = 'dev.trigger.scheduled'"));
            assertEquals(0, count(sql, "SELECT count(*) FROM job_runs"));

            try (Statement statement = db.createStatement()) {
                statement.execute("DROP TRIGGER hold_tick ON event_records");
            }
            PackagedService next = started.add(PackagedService.start("schedule-sigkill-b", settings));
            waitFor(() -> count(sql, "SELECT count(*) FROM job_runs") == 1, "the next replica to fire the tick", 60);
            assertEquals(List.of(List.of(1L, 1L)), sql.query("""
                            SELECT count(DISTINCT e.id), count(r.id) FROM event_records e
                            JOIN job_runs r ON r.event_id = e.id WHERE e.event_id LIKE $1""", source + ":%"), "the tick fired once, with its run");
            assertEquals(1.0, ticksWithRun(next));
            Invariants.assertHold(sql, tenant.environmentId());
        }
    }

    /**
     * {@link #ROUNDS} rounds of the tenant's schedule sources (those {@code andWhere} keeps) made due
     * at once — the update's notification wakes both replicas together — each awaited until every
     * source fired and advanced.
     */
    private static void fireRounds(Invariants.Sql sql, Tenant tenant, String andWhere) throws InterruptedException {
        for (int round = 1; round <= ROUNDS; round++) {
            sql.query(
                    "UPDATE schedule_sources SET next_event_at = now() WHERE environment_id = $1::uuid" + andWhere
                            + " RETURNING id",
                    tenant.environmentId());
            int expected = round * SCHEDULES;
            try {
                waitFor(
                        () -> count(sql, "SELECT count(*) FROM event_records WHERE name = 'dev.trigger.scheduled'")
                                        >= expected
                                && count(sql, "SELECT count(*) FROM schedule_sources WHERE next_event_at <= now()")
                                        == 0,
                        "round " + round + " to fire",
                        60);
            } catch (AssertionError late) {
                throw new AssertionError(
                        late.getMessage() + " (events, active due, inactive): " + sql.query("""
                                SELECT (SELECT count(*) FROM event_records),
                                    (SELECT count(*) FROM schedule_sources WHERE active AND next_event_at <= now()),
                                    (SELECT count(*) FROM schedule_sources WHERE NOT active)"""), late);
            }
        }
    }

    /** Both replicas fired ticks, and their counters add up to every tick of every round. */
    private static void assertTheReplicasSharedTheTicks(PackagedService a, PackagedService b) {
        double firedByA = ticksWithRun(a);
        double firedByB = ticksWithRun(b);
        assertEquals(
                SCHEDULES * ROUNDS,
                firedByA + firedByB,
                "the replicas' counters add up: " + firedByA + " + " + firedByB);
        assertTrue(firedByA > 0 && firedByB > 0, "both replicas fired ticks: " + firedByA + ", " + firedByB);
    }

    private static final String HELD_TICKS =
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event = 'PgSleep' AND query LIKE '%event_records%'";

    /** A test-only trigger: the tick of that source sleeps inside its transaction, after its claim. */
    private static void holdTicksOf(Connection db, String source) throws Exception {
        try (Statement statement = db.createStatement()) {
            statement.execute("""
                    CREATE OR REPLACE FUNCTION hold_tick() RETURNS trigger AS $$
                    BEGIN
                      IF NEW.event_id LIKE '%s:%%' THEN PERFORM pg_sleep(600); END IF;
                      RETURN NEW;
                    END $$ LANGUAGE plpgsql""".formatted(source));
            statement.execute(
                    "CREATE OR REPLACE TRIGGER hold_tick BEFORE INSERT ON event_records FOR EACH ROW EXECUTE FUNCTION hold_tick()");
        }
    }

    /** Replicas firing schedules fast (the poll too) on a database of their own, executing and indexing nothing. */
    private static Map<String, String> settings(String database) throws Exception {
        Map<String, String> settings = new HashMap<>(PackagedService.ownDatabase(database));
        settings.putAll(Map.of(
                "kongflow.execution.worker-enabled", "false",
                // The endpoint's own index (queued when it is created) would find no jobs on the fake
                // endpoint and disable the ones registered before it asked.
                "kongflow.indexing.worker-enabled", "false",
                "kongflow.schedules.worker-enabled", "true",
                "kongflow.schedules.poll-interval", "200ms",
                "quarkus.log.console.json.enabled", "false"));
        return settings;
    }

    private static double ticksWithRun(PackagedService replica) {
        String metrics = given().port(replica.port())
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        Matcher matcher = TICKS_WITH_RUN.matcher(metrics);
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }

    private static long count(Invariants.Sql sql, String query) {
        return ((Number) sql.query(query).get(0).get(0)).longValue();
    }
}
