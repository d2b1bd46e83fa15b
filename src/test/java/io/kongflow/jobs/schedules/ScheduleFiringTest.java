package io.kongflow.jobs.schedules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kongflow.jobs.execution.ExecutionOn;
import io.kongflow.jobs.schedules.ScheduleRows.Run;
import io.kongflow.jobs.schedules.ScheduleRows.Source;
import io.kongflow.jobs.schedules.ScheduleRows.Tick;
import io.kongflow.jobs.support.Api;
import io.kongflow.jobs.support.Database;
import io.kongflow.jobs.support.Invariants;
import io.kongflow.jobs.support.NeededTools;
import io.kongflow.jobs.support.SdkEndpoint;
import io.kongflow.jobs.support.Tenants;
import io.kongflow.jobs.support.Tenants.Tenant;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Scheduled jobs of a real {@code @trigger.dev/sdk@2.3.18} app fire on their own and run to SUCCESS,
 * the SDK parsing their payload ({@code ts}, {@code lastTimestamp}) and source (ARCHITECTURE.md, Schedules). Each test has its own tenant and endpoint
 * ({@code schedule-jobs.mjs}). The schedule worker's poll is every 10 minutes: a tick within a test
 * comes from its timer or a wake-up. Where a test would otherwise wait for a day's cron minute or an
 * hour's interval, it moves the schedule's {@code next_event_at} — what the clock reaching it does —
 * and checks that the tick and the next time are computed from the schedule, not from that move.
 */
@QuarkusTest
@TestProfile(ScheduleFiringTest.SchedulesOn.class)
class ScheduleFiringTest {

    /** Runs execute; schedules fire; the schedule poll so rare that only the timer and wake-ups fire a tick. */
    public static class SchedulesOn extends ExecutionOn {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
            overrides.put("kongflow.schedules.worker-enabled", "true");
            overrides.put("kongflow.schedules.poll-interval", "10m");
            return overrides;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    final Database database = Database.shared();

    private ScheduleRows rows;
    private Tenant tenant;
    private SdkEndpoint endpoint;

    @BeforeAll
    static void requireNode() {
        NeededTools.require("the real SDK endpoint runs on Node.js", "node", "npm");
    }

    @BeforeEach
    void startEndpoint() throws Exception {
        rows = new ScheduleRows(database);
        tenant = Tenants.create();
        endpoint = SdkEndpoint.executing(tenant, "schedules", Map.of("SCHEDULE_JOBS", "1"));
    }

    @AfterEach
    void stopEndpoint() throws Exception {
        rows.stopAll(tenant);
        endpoint.close();
    }

    @Test
    void anIntervalJobFiresWithinItsPeriodAndTheSdkSeesItsTimesAndSource() throws Exception {
        Source registered = rows.source(tenant, "sched-interval");
        assertTrue(registered.active());
        assertEquals("{\"type\": \"interval\", \"options\": {\"seconds\": 20}}", registered.schedule());
        long scheduledAfterMs = Duration.between(registered.createdAt(), registered.nextEventAt())
                .toMillis();
        assertTrue(
                Math.abs(scheduledAfterMs - 20_000) < 1_000, "first tick 20 s after registration: " + scheduledAfterMs);

        // The first tick, on its own: 20 s after the registration.
        Run first = awaitRun(registered.id(), 1, 45);
        Tick tick = rows.ticks(registered.id()).get(0);
        Instant ts = registered.nextEventAt().truncatedTo(ChronoUnit.MILLIS);
        assertEquals(registered.id() + ":" + ts.toEpochMilli(), tick.eventId());
        assertEquals("dev.trigger.scheduled", tick.name());
        assertEquals("trigger.dev", tick.source());
        assertEquals("{\"ts\": \"" + TickTimes.iso(ts) + "\"}", tick.payload(), "no lastTimestamp on the first tick");
        assertEquals("{}", tick.context());
        assertEquals("{\"id\": \"sched-interval\"}", tick.sourceContext());
        assertNotNull(tick.deliveredAt(), "written delivered: it never goes through name matching");
        long lateMs = Duration.between(ts, tick.createdAt()).toMillis();
        assertTrue(lateMs >= 0 && lateMs < 2_000, "fired " + lateMs + " ms after its time (period + 2 s at most)");

        assertEquals("SUCCESS", first.status(), first.output());
        JsonNode output = JSON.readTree(first.output());
        assertEquals(TickTimes.iso(ts), output.get("ts").asText(), "the SDK parsed payload.ts as a Date");
        assertTrue(output.get("lastTimestamp").isNull());
        assertEquals(JSON.readTree("{\"id\": \"sched-interval\"}"), output.get("source"), "ctx.source");
        assertEquals(tick.eventId(), output.at("/event/id").asText());
        assertEquals("dev.trigger.scheduled", output.at("/event/name").asText());

        Source advanced = rows.source(tenant, "sched-interval");
        assertEquals(ts, advanced.lastEventAt());
        assertEquals(ts.plusSeconds(20), advanced.nextEventAt(), "the next tick one period after this one");

        // The second tick (brought forward instead of waited for) carries the first one's time.
        rows.dueAt(registered.id(), "now() + interval '300 milliseconds'");
        Instant secondTs = rows.source(tenant, "sched-interval").nextEventAt().truncatedTo(ChronoUnit.MILLIS);
        Run second = awaitRun(registered.id(), 2, 30);
        assertEquals("SUCCESS", second.status(), second.output());
        JsonNode secondOutput = JSON.readTree(second.output());
        assertEquals(TickTimes.iso(secondTs), secondOutput.get("ts").asText());
        assertEquals(TickTimes.iso(ts), secondOutput.get("lastTimestamp").asText());
        assertEquals(
                secondTs.plusSeconds(20), rows.source(tenant, "sched-interval").nextEventAt());
        Invariants.assertHold(Invariants.over(database), tenant.environmentId());
    }

    @Test
    void aCronJobFiresAtItsMinuteInUtc() throws Exception {
        Source registered = rows.source(tenant, "sched-cron");
        Instant minute = lastQuarterPastThree(rows.databaseNow());
        assertEquals(minute.plus(1, ChronoUnit.DAYS), registered.nextEventAt(), "registered for the next 03:15 UTC");

        // The clock at its minute.
        rows.dueAt(registered.id(), "'" + minute + "'::timestamptz");
        Run run = awaitRun(registered.id(), 1, 30);
        assertEquals("SUCCESS", run.status(), run.output());
        JsonNode output = JSON.readTree(run.output());
        assertEquals(TickTimes.iso(minute), output.get("ts").asText());
        assertTrue(output.get("ts").asText().endsWith("T03:15:00.000Z"), output.toString());
        assertEquals(JSON.readTree("{\"id\": \"sched-cron\"}"), output.get("source"));
        Source advanced = rows.source(tenant, "sched-cron");
        assertEquals(minute, advanced.lastEventAt());
        assertEquals(minute.plus(1, ChronoUnit.DAYS), advanced.nextEventAt());
    }

    @Test
    void missedTicksFireOnceAsTheLatestOfThem() throws Exception {
        // Down for five hours and ten minutes: six ticks of an hourly interval missed, six days of a daily cron.
        Source hourly = rows.source(tenant, "sched-hourly");
        Source cron = rows.source(tenant, "sched-cron");
        Instant now = rows.databaseNow();
        Instant hourlyDue = now.minus(Duration.ofMinutes(5 * 60 + 10)).truncatedTo(ChronoUnit.MILLIS);
        Instant cronDue = lastQuarterPastThree(now).minus(6, ChronoUnit.DAYS);
        rows.dueAt(hourly.id(), "'" + hourlyDue + "'::timestamptz");
        rows.dueAt(cron.id(), "'" + cronDue + "'::timestamptz");

        Run hourlyRun = awaitRun(hourly.id(), 1, 30);
        Run cronRun = awaitRun(cron.id(), 1, 30);
        Instant hourlyTs = hourlyDue.plus(Duration.ofHours(5));
        assertEquals(
                TickTimes.iso(hourlyTs),
                JSON.readTree(hourlyRun.output()).get("ts").asText());
        assertEquals(
                TickTimes.iso(lastQuarterPastThree(now)),
                JSON.readTree(cronRun.output()).get("ts").asText());
        // Their next ticks are in the future: nothing more can fire for the missed time.
        assertEquals(
                hourlyTs.plus(Duration.ofHours(1)),
                rows.source(tenant, "sched-hourly").nextEventAt());
        assertTrue(rows.source(tenant, "sched-hourly").nextEventAt().isAfter(rows.databaseNow()));
        assertEquals(
                lastQuarterPastThree(now).plus(1, ChronoUnit.DAYS),
                rows.source(tenant, "sched-cron").nextEventAt());
        assertEquals(1, rows.ticks(hourly.id()).size(), "one tick for six missed");
        assertEquals(1, rows.ticks(cron.id()).size(), "one tick for six missed days");
    }

    @Test
    void aDisabledOrDeletedJobsScheduleNeverFires() throws Exception {
        Source cron = rows.source(tenant, "sched-cron");
        Source hourly = rows.source(tenant, "sched-hourly");
        Source control = rows.source(tenant, "sched-interval");
        ObjectNode disabledCron = sdkJob("sched-cron").put("enabled", false);
        Api.register(tenant, "schedules", disabledCron).statusCode(200);
        Api.register(tenant, "schedules", sdkJob("sched-hourly").put("enabled", false))
                .statusCode(200);
        Api.as(tenant).delete("/api/v1/jobs/{slug}", "sched-hourly").then().statusCode(200);
        assertFalse(rows.source(tenant, "sched-cron").active());
        assertFalse(rows.source(tenant, "sched-hourly").active());

        // Their times long past (kept inactive), and the control due after them: the worker, which takes
        // the oldest due tick first, has passed them once the control fired.
        rows.dueAt(cron.id(), "now() - interval '2 days'");
        rows.dueAt(hourly.id(), "now() - interval '2 days'");
        rows.dueAt(control.id(), "now()");
        awaitRun(control.id(), 1, 30);
        assertEquals(List.of(), rows.ticks(cron.id()), "the disabled job's schedule did not fire");
        assertEquals(List.of(), rows.ticks(hourly.id()), "the deleted job's schedule did not fire");
    }

    @Test
    void aJobReRegisteredWithANewScheduleFiresOnTheNewOneOnly() throws Exception {
        Source before = rows.source(tenant, "sched-hourly");
        ObjectNode job = sdkJob("sched-hourly").put("version", "1.1.0");
        ((ObjectNode) job.at("/trigger/schedule/options")).put("seconds", 7_200);
        Instant registeredAt = rows.databaseNow();
        Api.register(tenant, "schedules", job).statusCode(201);

        Source after = rows.source(tenant, "sched-hourly");
        assertEquals(before.id(), after.id());
        assertEquals("{\"type\": \"interval\", \"options\": {\"seconds\": 7200}}", after.schedule());
        long inMs = Duration.between(registeredAt, after.nextEventAt()).toMillis();
        assertTrue(inMs > 7_190_000 && inMs < 7_210_000, "next tick two hours on, not one: " + inMs + " ms");

        // When that time comes, the tick fires and advances by the new period.
        rows.dueAt(after.id(), "now() - interval '1 second'");
        awaitRun(after.id(), 1, 30);
        Tick tick = rows.ticks(after.id()).get(0);
        Instant ts = Instant.ofEpochMilli(
                Long.parseLong(tick.eventId().substring(tick.eventId().indexOf(':') + 1)));
        assertEquals(ts.plusSeconds(7_200), rows.source(tenant, "sched-hourly").nextEventAt());
        assertEquals(1, rows.ticks(after.id()).size());
        assertEquals(
                1,
                database.count(
                        "SELECT count(*) FROM job_runs r JOIN job_versions v ON v.id = r.version_id"
                                + " WHERE r.event_id = $1 AND v.version = '1.1.0'",
                        tick.recordId()),
                "the run is of the new version");
    }

    /** The latest 03:15 UTC at or before {@code now}. */
    private static Instant lastQuarterPastThree(Instant now) {
        Instant today = now.atZone(ZoneOffset.UTC).toLocalDate().atTime(3, 15).toInstant(ZoneOffset.UTC);
        return today.isAfter(now) ? today.minus(1, ChronoUnit.DAYS) : today;
    }

    /** The {@code n}-th tick's run of that source once it ended (SUCCESS or not). */
    private Run awaitRun(java.util.UUID sourceId, int n, int seconds) {
        Run[] ended = new Run[1];
        ScheduleRows.await(
                () -> {
                    List<Tick> ticks = rows.ticks(sourceId);
                    if (ticks.size() < n) {
                        return false;
                    }
                    List<Run> runs = rows.runs(ticks.get(n - 1).recordId());
                    if (runs.size() == 1 && runs.get(0).output() != null) {
                        ended[0] = runs.get(0);
                    }
                    return ended[0] != null;
                },
                "tick " + n + " of " + sourceId + " and its run",
                seconds);
        return ended[0];
    }

    /** The job as the SDK registers it (its INDEX_ENDPOINT answer). */
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
}
