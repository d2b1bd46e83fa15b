package io.kongflow.jobs.schedules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kongflow.jobs.schedules.ScheduleRows.Source;
import io.kongflow.jobs.schedules.ScheduleRows.Tick;
import io.kongflow.jobs.support.Api;
import io.kongflow.jobs.support.Database;
import io.kongflow.jobs.support.Invariants;
import io.kongflow.jobs.support.NeededTools;
import io.kongflow.jobs.support.Race;
import io.kongflow.jobs.support.SdkEndpoint;
import io.kongflow.jobs.support.SdkEventClient;
import io.kongflow.jobs.support.Tenants;
import io.kongflow.jobs.support.Tenants.Tenant;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.vertx.mutiny.sqlclient.Row;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Dynamic schedules of a real {@code @trigger.dev/sdk@2.3.18} app ({@code dynamic-schedule-jobs.mjs}):
 * schedules registered at run time ({@code io.registerInterval}, {@code io.registerCron},
 * {@code dynamicSchedule.register}) and from outside a run (the SDK client,
 * {@code schedule-client.mjs}) fire the jobs attached to the dynamic schedule as a job's own
 * schedule fires (ARCHITECTURE.md, Schedules), with the registration's key and metadata as
 * {@code ctx.source}; re-registering a key updates it, unregistering stops it, and bad input,
 * unknown ids and another tenant's schedules change nothing. As in {@link ScheduleFiringTest}, a
 * tick is brought forward by moving {@code next_event_at} rather than waited for.
 */
@QuarkusTest
@TestProfile(ScheduleFiringTest.SchedulesOn.class)
class DynamicSchedulesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ENDPOINT = "dynamic";
    private static final String REGISTRATIONS = "/api/v1/{endpoint}/schedules/{id}/registrations";

    final Database database = Database.shared();

    private ScheduleRows rows;
    private Tenant tenant;
    private SdkEndpoint endpoint;
    private SdkEventClient client;

    @BeforeAll
    static void requireNode() {
        NeededTools.require("the real SDK endpoint runs on Node.js", "node", "npm");
    }

    @BeforeEach
    void startEndpoint() throws Exception {
        rows = new ScheduleRows(database);
        tenant = Tenants.create();
        endpoint = SdkEndpoint.executing(tenant, ENDPOINT, Map.of("DYNAMIC_SCHEDULE_JOBS", "1"));
        client = SdkEventClient.start(
                "schedule-client.mjs",
                tenant.apiKey(),
                "http://127.0.0.1:" + RestAssured.port,
                Map.of("TRIGGER_ENDPOINT_ID", ENDPOINT));
    }

    @AfterEach
    void stopEndpoint() throws Exception {
        rows.stopAll(tenant);
        client.close();
        endpoint.close();
    }

    @Test
    void aRunRegistersAnIntervalThatRunsEveryAttachedJobAsAScheduleDoes() throws Exception {
        JsonNode answer = runToSuccess("dyn-register-interval", Map.of("key", "user-1", "seconds", 20));
        assertEquals("user-1", answer.get("id").asText());
        assertEquals(JSON.readTree("{\"type\": \"interval\", \"options\": {\"seconds\": 20}}"), answer.get("schedule"));
        assertTrue(answer.get("active").asBoolean());

        Source registered = rows.registration(tenant, "dyn-reports", "user-1");
        assertEquals("{\"type\": \"interval\", \"options\": {\"seconds\": 20}}", registered.schedule());
        long inMs = Duration.between(registered.createdAt(), registered.nextEventAt())
                .toMillis();
        assertTrue(Math.abs(inMs - 20_000) < 1_000, "first tick 20 s after registration: " + inMs);

        Instant ts = bringForward(registered.id());
        Map<String, JsonNode> first = awaitTickRuns(registered.id(), 1, 2);
        assertEquals(Set.of("dyn-ticked", "dyn-ticked-too"), first.keySet(), "every attached job ran");
        Tick tick = rows.ticks(registered.id()).get(0);
        assertEquals(registered.id() + ":" + ts.toEpochMilli(), tick.eventId());
        assertEquals("dev.trigger.scheduled", tick.name());
        assertEquals("{\"ts\": \"" + TickTimes.iso(ts) + "\"}", tick.payload());
        assertEquals("{\"id\": \"user-1\"}", tick.sourceContext());
        for (JsonNode output : first.values()) {
            assertEquals(TickTimes.iso(ts), output.get("ts").asText(), "the SDK parsed payload.ts");
            assertTrue(output.get("lastTimestamp").isNull());
            assertEquals(JSON.readTree("{\"id\": \"user-1\"}"), output.get("source"), "ctx.source: the key");
            assertEquals(tick.eventId(), output.at("/event/id").asText());
        }
        assertEquals(
                ts.plusSeconds(20),
                rows.registration(tenant, "dyn-reports", "user-1").nextEventAt());

        Instant secondTs = bringForward(registered.id());
        Map<String, JsonNode> second = awaitTickRuns(registered.id(), 2, 2);
        assertEquals(TickTimes.iso(secondTs), second.get("dyn-ticked").get("ts").asText());
        assertEquals(
                TickTimes.iso(ts), second.get("dyn-ticked").get("lastTimestamp").asText());
        Invariants.assertHold(Invariants.over(database), tenant.environmentId());
    }

    @Test
    void aCronRegistrationFiresAtItsMinuteInUtcAndReRegisteringTheKeyUpdatesIt() throws Exception {
        JsonNode answer = runToSuccess("dyn-register-cron", Map.of("key", "nightly", "cron", "15 3 * * *"));
        assertEquals(
                JSON.readTree("{\"type\": \"cron\", \"options\": {\"cron\": \"15 3 * * *\"}}"), answer.get("schedule"));
        Source registered = rows.registration(tenant, "dyn-reports", "nightly");
        Instant minute = lastQuarterPastThree(rows.databaseNow());
        assertEquals(minute.plus(1, ChronoUnit.DAYS), registered.nextEventAt(), "the next 03:15 UTC");

        rows.dueAt(registered.id(), "'" + minute + "'::timestamptz");
        JsonNode ticked = awaitTickRuns(registered.id(), 1, 2).get("dyn-ticked");
        assertEquals(TickTimes.iso(minute), ticked.get("ts").asText());
        assertTrue(ticked.get("ts").asText().endsWith("T03:15:00.000Z"), ticked.toString());
        assertEquals(
                minute.plus(1, ChronoUnit.DAYS),
                rows.registration(tenant, "dyn-reports", "nightly").nextEventAt());

        // The same key again, from outside a run, as an interval with metadata: the registration is updated.
        Map<String, Object> hourly =
                Map.of("type", "interval", "options", Map.of("seconds", 3600), "metadata", Map.of("plan", "pro"));
        Instant before = rows.databaseNow();
        JsonNode updated = client.call("register", "dyn-reports", "nightly", hourly);
        assertEquals(JSON.readTree("""
                {"id": "nightly", "schedule": {"type": "interval", "options": {"seconds": 3600}},
                 "metadata": {"plan": "pro"}, "active": true}"""), updated);
        Source after = rows.registration(tenant, "dyn-reports", "nightly");
        assertEquals(registered.id(), after.id(), "the same registration, updated");
        long inMs = Duration.between(before, after.nextEventAt()).toMillis();
        assertTrue(inMs > 3_590_000 && inMs < 3_610_000, "next tick an hour on: " + inMs);
        client.call("register", "dyn-reports", "nightly", hourly);
        assertEquals(
                after.nextEventAt(),
                rows.registration(tenant, "dyn-reports", "nightly").nextEventAt(),
                "an unchanged re-registration keeps its next tick");

        bringForward(after.id());
        JsonNode second = awaitTickRuns(after.id(), 2, 2).get("dyn-ticked");
        assertEquals(JSON.readTree("{\"id\": \"nightly\", \"metadata\": {\"plan\": \"pro\"}}"), second.get("source"));
        assertEquals(TickTimes.iso(minute), second.get("lastTimestamp").asText());
    }

    @Test
    void unregisteringInARunOrFromTheClientStopsTheScheduleForGood() throws Exception {
        Map<String, Object> minutely = Map.of("type", "interval", "options", Map.of("seconds", 60));
        client.call("register", "dyn-reports", "a", minutely);
        client.call("register", "dyn-reports", "b", minutely);
        Source a = rows.registration(tenant, "dyn-reports", "a");
        Source b = rows.registration(tenant, "dyn-reports", "b");

        assertEquals(JSON.readTree("{\"ok\": true}"), runToSuccess("dyn-unregister", Map.of("key", "a")));
        assertNull(rows.registration(tenant, "dyn-reports", "a"));
        assertEquals(
                JSON.readTree("{\"ok\": true}"),
                client.call("unregister", "dyn-reports", "a"),
                "unregistering again answers the same");

        // b, due after a would have been, fires; a never does.
        bringForward(b.id());
        awaitTickRuns(b.id(), 1, 2);
        assertEquals(List.of(), rows.ticks(a.id()));

        assertEquals(JSON.readTree("{\"ok\": true}"), client.call("unregister", "dyn-reports", "b"));
        assertEquals(
                0,
                database.count(
                        "SELECT count(*) FROM schedule_sources WHERE environment_id = $1::uuid"
                                + " AND dynamic_schedule_id IS NOT NULL",
                        tenant.environmentId()),
                "no registration left");
    }

    @Test
    void unregisteringDuringATickWaitsForItAndThenTheRegistrationNeverFiresAgain() throws Exception {
        client.call("register", "dyn-reports", "mid", Map.of("type", "interval", "options", Map.of("seconds", 60)));
        Source registered = rows.registration(tenant, "dyn-reports", "mid");
        // The tick's event insert sleeps: the tick holds the registration while unregistering comes.
        database.query("""
                CREATE OR REPLACE FUNCTION kf_test_slow_tick() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NEW.event_id LIKE '%s:%%' THEN PERFORM pg_sleep(1.5); END IF;
                    RETURN NEW;
                END $$""".formatted(registered.id()));
        database.query("CREATE TRIGGER kf_test_slow_tick BEFORE INSERT ON event_records"
                + " FOR EACH ROW EXECUTE FUNCTION kf_test_slow_tick()");
        try {
            bringForward(registered.id());
            ScheduleRows.await(
                    () -> database.count("SELECT count(*) FROM pg_stat_activity WHERE wait_event = 'PgSleep'") > 0,
                    "the tick in flight",
                    30);
            assertEquals(JSON.readTree("{\"ok\": true}"), client.call("unregister", "dyn-reports", "mid"));
            assertEquals(1, rows.ticks(registered.id()).size(), "the tick in flight committed before the answer");
            assertNull(rows.registration(tenant, "dyn-reports", "mid"));
        } finally {
            database.query("DROP TRIGGER IF EXISTS kf_test_slow_tick ON event_records");
            database.query("DROP FUNCTION IF EXISTS kf_test_slow_tick()");
        }
        awaitTickRuns(registered.id(), 1, 2);
        assertEquals(1, rows.ticks(registered.id()).size());
    }

    @Test
    void aRegistrationFromOutsideARunCarriesItsAccountAndMetadataToTheRuns() throws Exception {
        JsonNode answer = client.call(
                "register",
                "dyn-reports",
                "ext-1",
                Map.of(
                        "type",
                        "interval",
                        "options",
                        Map.of("seconds", 120),
                        "metadata",
                        Map.of("tier", "gold"),
                        "accountId",
                        "acct-9"));
        assertEquals(JSON.readTree("""
                {"id": "ext-1", "schedule": {"type": "interval", "options": {"seconds": 120}},
                 "metadata": {"tier": "gold"}, "active": true}"""), answer);
        Source registered = rows.registration(tenant, "dyn-reports", "ext-1");
        bringForward(registered.id());
        Map<String, JsonNode> outputs = awaitTickRuns(registered.id(), 1, 2);
        for (JsonNode output : outputs.values()) {
            assertEquals("acct-9", output.at("/account/id").asText(), "ctx.account: " + output);
            assertEquals(
                    JSON.readTree("{\"id\": \"ext-1\", \"metadata\": {\"tier\": \"gold\"}}"), output.get("source"));
        }
    }

    @Test
    void aRegistrationsKeyIsItsDynamicSchedulesOwnAndOnlyRunnableAttachedJobsRun() throws Exception {
        // exec-interval is a job with its own schedule, keyed by its slug: a registration of that key is another row.
        Source own = rows.source(tenant, "exec-interval");
        Map<String, Object> minutely = Map.of("type", "interval", "options", Map.of("seconds", 60));
        client.call("register", "dyn-reports", "exec-interval", minutely);
        client.call("register", "dyn-idle", "exec-interval", minutely);
        Source after = rows.source(tenant, "exec-interval");
        assertEquals(own, after, "the job's own schedule is untouched");
        Source reports = rows.registration(tenant, "dyn-reports", "exec-interval");
        Source idle = rows.registration(tenant, "dyn-idle", "exec-interval");
        assertNotEquals(reports.id(), idle.id());

        // A disabled job attached to the schedule does not run; a schedule no job is attached to starts nothing.
        Api.register(tenant, ENDPOINT, sdkJob("dyn-ticked-too").put("enabled", false))
                .statusCode(200);
        bringForward(idle.id());
        ScheduleRows.await(() -> rows.ticks(idle.id()).size() == 1, "the idle schedule's tick", 30);
        bringForward(reports.id());
        Map<String, JsonNode> ran = awaitTickRuns(reports.id(), 1, 1);
        assertEquals(Set.of("dyn-ticked"), ran.keySet());
        assertEquals(List.of(), rows.runs(rows.ticks(idle.id()).get(0).recordId()));
        Invariants.assertHold(Invariants.over(database), tenant.environmentId());
    }

    @Test
    void badInputUnknownIdsAndAnotherTenantsScheduleAreRefusedAndChangeNothing() throws Exception {
        Tenant other = Tenants.create();
        Map<String, String> before = database.environmentSnapshot(tenant.environmentId());
        refused(tenant, "dyn-reports", interval("k", 19), 400, "options.seconds");
        refused(tenant, "dyn-reports", interval("k", 2_592_001), 400, "options.seconds");
        refused(
                tenant,
                "dyn-reports",
                "{\"id\": \"k\", \"type\": \"interval\", \"options\": {\"seconds\": \"60\"}}",
                400,
                null);
        refused(
                tenant,
                "dyn-reports",
                "{\"id\": \"k\", \"type\": \"interval\", \"options\": {}}",
                400,
                "options.seconds");
        refused(tenant, "dyn-reports", cron("k", "61 * * * *"), 400, "options.cron");
        refused(tenant, "dyn-reports", cron("k", "0 0 30 2 *"), 400, "options.cron");
        refused(tenant, "dyn-reports", cron("k", "* * * * * *"), 400, "options.cron");
        refused(tenant, "dyn-reports", "{\"id\": \"k\", \"type\": \"weekly\", \"options\": {}}", 400, null);
        refused(tenant, "dyn-reports", "{\"type\": \"interval\", \"options\": {\"seconds\": 60}}", 400, null);
        refused(tenant, "dyn-reports", interval("", 60), 400, null);
        refused(tenant, "dyn-reports", interval("k\\u0000", 60), 400, "id");
        refused(tenant, "no-such-schedule", interval("k", 60), 404, null);
        refused(other, "dyn-reports", interval("k", 60), 404, null);
        Api.as(tenant)
                .delete(REGISTRATIONS + "/{key}", ENDPOINT, "no-such-schedule", "k")
                .then()
                .statusCode(404);
        Api.as(other)
                .delete(REGISTRATIONS + "/{key}", ENDPOINT, "dyn-reports", "k")
                .then()
                .statusCode(404);
        Api.as(tenant)
                .urlEncodingEnabled(false)
                .delete("/api/v1/" + ENDPOINT + "/schedules/dyn-reports/registrations/k%00")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        Api.as(tenant)
                .contentType("application/json")
                .body(interval("k", 60))
                .post(REGISTRATIONS, "no-such-endpoint", "dyn-reports")
                .then()
                .statusCode(404);
        IllegalStateException sdk = assertThrows(
                IllegalStateException.class,
                () -> client.call(
                        "register", "dyn-reports", "k", Map.of("type", "interval", "options", Map.of("seconds", 5))));
        assertTrue(sdk.getMessage().contains("options.seconds"), sdk.getMessage());
        assertEquals(before, database.environmentSnapshot(tenant.environmentId()), "nothing stored");
        assertEquals(
                0,
                database.count(
                        "SELECT count(*) FROM schedule_sources WHERE environment_id = $1::uuid",
                        other.environmentId()));
    }

    @Test
    void concurrentRegistrationsOfOneKeyEndAsOneRegistration() throws Exception {
        int clients = 8;
        List<Callable<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            int seconds = 20 + i;
            calls.add(() -> Api.as(tenant)
                    .contentType("application/json")
                    .body(intervalWithAccount("same", seconds, "acct-" + (seconds % 2)))
                    .post(REGISTRATIONS, ENDPOINT, "dyn-reports")
                    .then()
                    .extract()
                    .statusCode());
        }
        assertEquals(List.of(200, 200, 200, 200, 200, 200, 200, 200), Race.run(clients, calls));
        List<Row> stored = database.query("""
                SELECT CAST(s.schedule -> 'options' ->> 'seconds' AS int) AS seconds, a.identifier
                FROM schedule_sources s LEFT JOIN external_accounts a ON a.id = s.external_account_id
                WHERE s.environment_id = $1::uuid AND s.key = 'same'""", tenant.environmentId());
        assertEquals(1, stored.size(), "one registration");
        int seconds = stored.get(0).getInteger("seconds");
        assertTrue(seconds >= 20 && seconds < 20 + clients, "one of the registrations won: " + seconds);
        assertEquals("acct-" + (seconds % 2), stored.get(0).getString("identifier"), "the winner's account with it");
        assertEquals(
                2,
                database.count(
                        "SELECT count(*) FROM external_accounts WHERE environment_id = $1::uuid",
                        tenant.environmentId()));
        Invariants.assertHold(Invariants.over(database), tenant.environmentId());
    }

    private void refused(Tenant who, String schedule, String body, int status, String path) {
        var response = Api.as(who)
                .contentType("application/json")
                .body(body)
                .post(REGISTRATIONS, ENDPOINT, schedule)
                .then()
                .statusCode(status)
                .contentType("application/problem+json");
        if (path != null) {
            assertEquals(path, response.extract().path("errors[0].path"), body);
        }
    }

    private static String interval(String key, int seconds) {
        return "{\"id\": \"" + key + "\", \"type\": \"interval\", \"options\": {\"seconds\": " + seconds + "}}";
    }

    private static String intervalWithAccount(String key, int seconds, String account) {
        return "{\"id\": \"" + key + "\", \"type\": \"interval\", \"options\": {\"seconds\": " + seconds
                + "}, \"accountId\": \"" + account + "\"}";
    }

    private static String cron(String key, String expression) {
        return "{\"id\": \"" + key + "\", \"type\": \"cron\", \"options\": {\"cron\": \"" + expression + "\"}}";
    }

    /** Brings the registration's next tick to a moment from now; answers that tick's time. */
    private Instant bringForward(java.util.UUID sourceId) {
        rows.dueAt(sourceId, "now() + interval '300 milliseconds'");
        return database.query("SELECT next_event_at FROM schedule_sources WHERE id = $1", sourceId)
                .get(0)
                .getOffsetDateTime("next_event_at")
                .toInstant()
                .truncatedTo(ChronoUnit.MILLIS);
    }

    /** The outputs, by job, of the {@code n}-th tick's runs once {@code runs} of them ended. */
    private Map<String, JsonNode> awaitTickRuns(java.util.UUID sourceId, int n, int runs) {
        Map<String, JsonNode> outputs = new TreeMap<>();
        ScheduleRows.await(
                () -> {
                    List<Tick> ticks = rows.ticks(sourceId);
                    if (ticks.size() < n) {
                        return false;
                    }
                    List<Row> ended = database.query("""
                            SELECT j.slug, r.status, CAST(r.output AS text) AS output FROM job_runs r
                            JOIN jobs j ON j.id = r.job_id WHERE r.event_id = $1 AND r.output IS NOT NULL""", ticks.get(n - 1).recordId());
                    if (ended.size() < runs) {
                        return false;
                    }
                    for (Row row : ended) {
                        assertEquals("SUCCESS", row.getString("status"), row.getString("output"));
                        outputs.put(row.getString("slug"), read(row.getString("output")));
                    }
                    return true;
                },
                "tick " + n + " of " + sourceId + " and its " + runs + " runs",
                30);
        return outputs;
    }

    /** Invokes the job and answers its output once it succeeded. */
    private JsonNode runToSuccess(String job, Map<String, Object> payload) {
        String run = Api.as(tenant)
                .body(Map.of("payload", payload))
                .post("/api/v1/jobs/{slug}/invoke", job)
                .then()
                .statusCode(200)
                .extract()
                .path("id");
        ScheduleRows.await(
                () -> database.count(
                                "SELECT count(*) FROM job_runs WHERE id = $1::uuid AND status IN ('SUCCESS', 'FAILURE', "
                                        + "'TIMED_OUT', 'ABORTED', 'CANCELED', 'UNRESOLVED_AUTH', 'INVALID_PAYLOAD')",
                                run)
                        > 0,
                "run " + run + " of " + job + " to end",
                30);
        String output = database.runOutput(run);
        assertEquals(
                "SUCCESS",
                database.query("SELECT status FROM job_runs WHERE id = $1::uuid", run)
                        .get(0)
                        .getString("status"),
                output);
        return read(output);
    }

    private ObjectNode sdkJob(String id) throws Exception {
        String index = RestAssured.given()
                .header("x-trigger-api-key", tenant.apiKey())
                .header("x-trigger-action", "INDEX_ENDPOINT")
                .post(endpoint.url())
                .then()
                .statusCode(200)
                .extract()
                .asString();
        for (JsonNode job : JSON.readTree(index).get("jobs")) {
            if (id.equals(job.get("id").asText())) {
                return (ObjectNode) job;
            }
        }
        throw new AssertionError("the SDK endpoint has no job " + id);
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new AssertionError(json, e);
        }
    }

    private static Instant lastQuarterPastThree(Instant now) {
        Instant today = now.atZone(ZoneOffset.UTC).toLocalDate().atTime(3, 15).toInstant(ZoneOffset.UTC);
        return today.isAfter(now) ? today.minus(1, ChronoUnit.DAYS) : today;
    }
}
