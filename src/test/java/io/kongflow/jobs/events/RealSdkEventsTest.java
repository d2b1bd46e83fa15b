package io.kongflow.jobs.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.kongflow.jobs.execution.ExecutionOn;
import io.kongflow.jobs.support.Database;
import io.kongflow.jobs.support.Eventually;
import io.kongflow.jobs.support.NeededTools;
import io.kongflow.jobs.support.RunWaits;
import io.kongflow.jobs.support.SdkEndpoint;
import io.kongflow.jobs.support.SdkEventClient;
import io.kongflow.jobs.support.Tenants;
import io.kongflow.jobs.support.Tenants.Tenant;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A real {@code @trigger.dev/sdk@2.3.18} app's event-triggered jobs run on us: its client sends events
 * ({@code sendEvent}, {@code sendEvents}, and {@code io.sendEvent} inside a run), reads them with
 * their runs, cancels them and their runs; the matching jobs (and only they) run to SUCCESS on its
 * endpoint ({@code src/test/sdk-endpoint/event-jobs.mjs}).
 */
@QuarkusTest
@TestProfile(ExecutionOn.class)
class RealSdkEventsTest {

    private static final String ENDPOINT_ID = "kongflow-events-test";

    private static Tenant tenant;
    private static SdkEndpoint endpoint;
    private static SdkEventClient client;

    final Database database = Database.shared();

    @BeforeAll
    static void requireNode() {
        NeededTools.require("the real SDK endpoint runs on Node.js", "node", "npm");
    }

    @BeforeEach
    void start() throws Exception {
        if (endpoint != null) {
            return;
        }
        tenant = Tenants.create();
        endpoint = SdkEndpoint.executing(tenant, ENDPOINT_ID);
        client = SdkEventClient.start(tenant.apiKey(), "http://127.0.0.1:" + RestAssured.port);
    }

    @AfterAll
    static void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (endpoint != null) {
            endpoint.close();
        }
    }

    @Test
    void sendEventRunsTheJobListeningToItsNameAndSourceToSuccess() {
        JsonNode sent =
                client.call("sendEvent", Map.of("name", "kf.user.created", "payload", Map.of("email", "a@b.c")));
        String id = sent.get("id").asText();
        assertEquals("kf.user.created", sent.get("name").asText());
        assertEquals("a@b.c", sent.get("payload").get("email").asText());

        Map<String, String> runs = awaitRuns(id, 1);
        assertEquals(Set.of("ev-created"), runs.keySet());
        assertEquals("SUCCESS", runs.get("ev-created"));
        String output = database.runOutput(runIdOf(id, "ev-created"));
        assertTrue(output.contains("\"email\": \"a@b.c\"") && output.contains("\"event\": \"" + id + "\""), output);

        String elsewhere = client.call(
                        "sendEvent", Map.of("name", "kf.user.created", "source", "kf.crm", "payload", Map.of()))
                .get("id")
                .asText();
        assertEquals(Map.of("ev-created-elsewhere", "SUCCESS"), awaitRuns(elsewhere, 1));
    }

    @Test
    void filtersPickTheJobsWithGtListsStartsWithNestedObjectsAndArraysInThePayload() {
        String all = send(Map.of(
                "name",
                "kf.order",
                "payload",
                Map.of(
                        "amount", 150,
                        "customer", Map.of("tier", "gold", "email", "vip@example.com"),
                        "items", List.of(Map.of("sku", "B-2"), Map.of("sku", "A-1")))));
        assertEquals(
                Map.of("ev-big-order", "SUCCESS", "ev-vip-order", "SUCCESS", "ev-sku-order", "SUCCESS"),
                awaitRuns(all, 3));

        String some = send(Map.of(
                "name",
                "kf.order",
                "payload",
                Map.of(
                        "amount", 100,
                        "customer", Map.of("tier", "platinum", "email", "someone@example.com"),
                        "items", List.of(Map.of("sku", "A-1")))));
        assertEquals(Map.of("ev-sku-order", "SUCCESS"), awaitRuns(some, 1));

        String none = send(Map.of(
                "name",
                "kf.order",
                "payload",
                Map.of("amount", 5, "customer", Map.of("tier", "silver", "email", "vip@x"), "items", List.of())));
        awaitDelivered(none);
        assertEquals(Map.of(), runsOf(none));
    }

    @Test
    void sendEventsDeliversEachEventOfTheBatch() {
        JsonNode sent = client.call(
                "sendEvents",
                List.of(
                        Map.of("name", "kf.user.created", "payload", Map.of("n", 1)),
                        Map.of("name", "kf.order", "payload", Map.of("amount", 500)),
                        Map.of("name", "kf.nobody.listens")));
        assertEquals(3, sent.size());
        assertEquals(
                Map.of("ev-created", "SUCCESS"), awaitRuns(sent.get(0).get("id").asText(), 1));
        assertEquals(
                Map.of("ev-big-order", "SUCCESS"),
                awaitRuns(sent.get(1).get("id").asText(), 1));
        awaitDelivered(sent.get(2).get("id").asText());
        assertEquals(Map.of(), runsOf(sent.get(2).get("id").asText()));
    }

    @Test
    void anEventSentTwiceWithItsIdRunsOnce() {
        JsonNode first = client.call(
                "sendEvent", Map.of("name", "kf.user.created", "id", "sdk-once", "payload", Map.of("n", 1)));
        assertEquals(Map.of("ev-created", "SUCCESS"), awaitRuns("sdk-once", 1));
        JsonNode again = client.call(
                "sendEvent", Map.of("name", "kf.user.created", "id", "sdk-once", "payload", Map.of("n", 2)));
        assertEquals(first.get("payload"), again.get("payload"));
        assertEquals(1, runsOf("sdk-once").size());
    }

    @Test
    void deliverAfterWaitsAndCancelEventStopsADelayedEvent() {
        JsonNode later = client.call(
                "sendEvent", Map.of("name", "kf.user.created", "id", "sdk-later"), Map.of("deliverAfter", 1));
        assertTrue(later.get("deliveredAt").isNull());
        Instant deliverAt = Instant.parse(later.get("deliverAt").asText());
        assertEquals(Map.of("ev-created", "SUCCESS"), awaitRuns("sdk-later", 1));
        assertEquals(1, database.count("""
                SELECT count(*) FROM event_records WHERE event_id = 'sdk-later' AND environment_id = $1::uuid
                  AND delivered_at >= CAST($2 AS text)::timestamptz""", tenant.environmentId(), deliverAt.toString()));

        client.call("sendEvent", Map.of("name", "kf.user.created", "id", "sdk-never"), Map.of("deliverAfter", 3600));
        JsonNode cancelled = client.call("cancelEvent", "sdk-never");
        assertFalse(cancelled.get("cancelledAt").isNull());
        assertTrue(cancelled.get("deliveredAt").isNull());
        assertEquals(
                cancelled.get("cancelledAt"),
                client.call("cancelEvent", "sdk-never").get("cancelledAt"));
        assertEquals(List.of(), client.call("getEvent", "sdk-never").get("runs").findValuesAsText("id"));
    }

    @Test
    void ioSendEventInsideARunStartsAnotherJob() {
        String start = send(Map.of("name", "kf.chain.start"));
        assertEquals(Map.of("ev-chain-start", "SUCCESS"), awaitRuns(start, 1));
        String first = runIdOf(start, "ev-chain-start");
        assertEquals(Map.of("ev-chain-next", "SUCCESS"), awaitRuns("chain-" + first, 1));
        String output = database.runOutput(runIdOf("chain-" + first, "ev-chain-next"));
        assertTrue(output.contains("\"from\": \"" + first + "\""), output);
    }

    @Test
    void getEventShowsTheRunsAndCancelRunsForEventCancelsThoseNotFinished() {
        String id = send(Map.of("name", "kf.wait"));
        awaitDelivered(id);
        String run = runIdOf(id, "ev-waits");
        awaitStatus(run, Set.of("WAITING_TO_CONTINUE", "WAITING_TO_EXECUTE"));
        JsonNode event = client.call("getEvent", id);
        assertEquals(id, event.get("id").asText());
        assertEquals(List.of(run), event.get("runs").findValuesAsText("id"));

        JsonNode cancelled = client.call("cancelRunsForEvent", id);
        List<String> cancelledIds = new ArrayList<>();
        cancelled.get("cancelledRunIds").forEach(cancelledId -> cancelledIds.add(cancelledId.asText()));
        assertEquals(List.of(run), cancelledIds);
        assertEquals(
                "CANCELED",
                client.call("getEvent", id).get("runs").get(0).get("status").asText());

        IllegalStateException unknown =
                assertThrows(IllegalStateException.class, () -> client.call("getEvent", "no-such-event"));
        assertTrue(unknown.getMessage().contains("not found"), unknown.getMessage());
    }

    private static String send(Map<String, Object> event) {
        return client.call("sendEvent", event).get("id").asText();
    }

    /** The jobs whose runs the event started, with their final statuses, once there are {@code count} of them all final. */
    private Map<String, String> awaitRuns(String eventId, int count) {
        Map<String, String>[] seen = new Map[1];
        Eventually.await(
                () -> {
                    seen[0] = runsOf(eventId);
                    return seen[0].size() >= count && seen[0].values().stream().allMatch(RunWaits.FINAL::contains);
                },
                "event " + eventId + " ran " + count + " jobs to the end");
        return seen[0];
    }

    private Map<String, String> runsOf(String eventId) {
        Map<String, String> runs = new java.util.TreeMap<>();
        database.query("""
                        SELECT j.slug, r.status FROM event_records e JOIN job_runs r ON r.event_id = e.id JOIN jobs j ON j.id = r.job_id
                        WHERE e.event_id = $1 AND e.environment_id = $2::uuid""", eventId, tenant.environmentId())
                .forEach(row -> runs.put(row.getString("slug"), row.getString("status")));
        return runs;
    }

    private String runIdOf(String eventId, String job) {
        List<String> ids = new ArrayList<>();
        database.query("""
                        SELECT r.id FROM event_records e JOIN job_runs r ON r.event_id = e.id JOIN jobs j ON j.id = r.job_id
                        WHERE e.event_id = $1 AND e.environment_id = $2::uuid AND j.slug = $3""", eventId, tenant.environmentId(), job)
                .forEach(row -> ids.add(row.getUUID("id").toString()));
        assertEquals(1, ids.size(), "one run of " + job + " for " + eventId);
        return ids.get(0);
    }

    private void awaitDelivered(String eventId) {
        Eventually.await(
                () -> database.count(
                                "SELECT count(*) FROM event_records WHERE event_id = $1 AND environment_id = $2::uuid"
                                        + " AND delivered_at IS NOT NULL",
                                eventId,
                                tenant.environmentId())
                        == 1,
                "event " + eventId + " delivered");
    }

    private void awaitStatus(String run, Set<String> statuses) {
        Eventually.await(
                () -> statuses.contains(database.query("SELECT status FROM job_runs WHERE id = $1::uuid", run)
                        .get(0)
                        .getString("status")),
                "run " + run + " in " + statuses);
    }
}
