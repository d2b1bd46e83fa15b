package io.kongflow.jobs.events;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kongflow.jobs.support.Api;
import io.kongflow.jobs.support.Database;
import io.kongflow.jobs.support.Eventually;
import io.kongflow.jobs.support.Fixtures;
import io.kongflow.jobs.support.Tenants;
import io.kongflow.jobs.support.Tenants.Tenant;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The events API through HTTP: what sendEvent stores and answers, which jobs' runs a delivered event
 * starts (execution is off here: the runs stay QUEUED), ids, delays, cancellation and refusals.
 */
@QuarkusTest
class EventsApiTest {

    final Database database = Database.shared();

    @Test
    void aSentEventStartsOneRunOfEachEnabledJobWhoseTriggerMatchesAndNoOther() {
        Tenant tenant = Tenants.create();
        Api.endpoint(tenant, "app");
        register(tenant, "on-created", "user.created", "trigger.dev", null, true);
        register(tenant, "on-created-big", "user.created", "trigger.dev", "{\"amount\": [{\"$gt\": 100}]}", true);
        register(tenant, "on-created-plan", "user.created", "trigger.dev", "{\"plan\": [\"pro\", \"team\"]}", true);
        register(tenant, "on-paid", "order.paid", "trigger.dev", null, true);
        register(tenant, "on-created-stripe", "user.created", "stripe", null, true);
        register(tenant, "on-created-off", "user.created", "trigger.dev", null, false);

        Api.as(tenant)
                .body(Map.of(
                        "event", Map.of("name", "user.created", "id", "evt-big", "payload", Map.of("amount", 150))))
                .post("/api/v1/events")
                .then()
                .statusCode(200)
                .body("id", equalTo("evt-big"))
                .body("name", equalTo("user.created"))
                .body("payload.amount", equalTo(150))
                .body("context", equalTo(Map.of()))
                .body("timestamp", notNullValue())
                .body("deliverAt", notNullValue())
                .body("cancelledAt", nullValue());

        assertEquals(List.of("on-created", "on-created-big"), jobsStartedBy(tenant, "evt-big"));
        Api.as(tenant)
                .get("/api/v2/events/{id}", "evt-big")
                .then()
                .statusCode(200)
                .body("id", equalTo("evt-big"))
                .body("name", equalTo("user.created"))
                .body("createdAt", notNullValue())
                .body("runs", hasSize(2))
                .body("runs.status", contains("QUEUED", "QUEUED"));

        send(tenant, Map.of("name", "user.created", "id", "evt-pro", "payload", Map.of("amount", 5, "plan", "pro")));
        assertEquals(List.of("on-created", "on-created-plan"), jobsStartedBy(tenant, "evt-pro"));
        send(tenant, Map.of("name", "user.created", "id", "evt-stripe", "source", "stripe"));
        assertEquals(List.of("on-created-stripe"), jobsStartedBy(tenant, "evt-stripe"));
    }

    @Test
    void anIdIsUniqueInItsEnvironmentARepeatAnswersTheStoredEventAndStartsNothing() {
        Tenant tenant = Tenants.create();
        Api.endpoint(tenant, "app");
        register(tenant, "on-created", "user.created", "trigger.dev", null, true);
        send(tenant, Map.of("name", "user.created", "id", "evt-once", "payload", Map.of("n", 1)));
        assertEquals(List.of("on-created"), jobsStartedBy(tenant, "evt-once"));

        send(tenant, Map.of("name", "user.created", "id", "evt-once", "payload", Map.of("n", 2)))
                .body("payload.n", equalTo(1))
                .body("deliveredAt", notNullValue());
        assertEquals(
                1,
                database.count(
                        "SELECT count(*) FROM event_records WHERE environment_id = $1::uuid", tenant.environmentId()));
        assertEquals(1, runCount(tenant));

        // The same id in another environment is another event.
        Tenant other = Tenants.create();
        send(other, Map.of("name", "user.created", "id", "evt-once", "payload", Map.of("n", 3)))
                .body("payload.n", equalTo(3));
        awaitDelivered(other, "evt-once");

        // Without an id, the service makes one.
        String made = send(tenant, Map.of("name", "user.created")).extract().path("id");
        assertTrue(made != null && !made.isBlank());
        assertEquals(List.of("on-created"), jobsStartedBy(tenant, made));
    }

    @Test
    void deliverAfterDelaysTheDelivery() {
        Tenant tenant = Tenants.create();
        Api.endpoint(tenant, "app");
        register(tenant, "on-created", "user.created", "trigger.dev", null, true);
        JsonPath sent = Api.as(tenant)
                .body(Map.of(
                        "event",
                        Map.of("name", "user.created", "id", "evt-later"),
                        "options",
                        Map.of("deliverAfter", 2)))
                .post("/api/v1/events")
                .then()
                .statusCode(200)
                .body("deliveredAt", nullValue())
                .extract()
                .jsonPath();
        Instant timestamp = Instant.parse(sent.getString("timestamp"));
        Instant deliverAt = Instant.parse(sent.getString("deliverAt"));
        assertTrue(Duration.between(timestamp, deliverAt).toMillis() >= 1_500, timestamp + " → " + deliverAt);

        assertEquals(List.of("on-created"), jobsStartedBy(tenant, "evt-later"));
        assertEquals(1, database.count("""
                SELECT count(*) FROM event_records WHERE event_id = 'evt-later' AND environment_id = $1::uuid
                  AND delivered_at >= deliver_at""", tenant.environmentId()), "not delivered before its time");
    }

    @Test
    void aCancelledEventIsNeverDeliveredAndCancellingIsIdempotent() {
        Tenant tenant = Tenants.create();
        Api.endpoint(tenant, "app");
        register(tenant, "on-created", "user.created", "trigger.dev", null, true);
        Api.as(tenant)
                .body(Map.of(
                        "event",
                        Map.of("name", "user.created", "id", "evt-cancel"),
                        "options",
                        Map.of("deliverAt", Instant.now().plusSeconds(3600).toString())))
                .post("/api/v1/events")
                .then()
                .statusCode(200);
        String cancelledAt = Api.as(tenant)
                .post("/api/v1/events/{id}/cancel", "evt-cancel")
                .then()
                .statusCode(200)
                .body("id", equalTo("evt-cancel"))
                .body("cancelledAt", notNullValue())
                .body("deliveredAt", nullValue())
                .extract()
                .path("cancelledAt");
        Api.as(tenant)
                .post("/api/v1/events/{id}/cancel", "evt-cancel")
                .then()
                .statusCode(200)
                .body("cancelledAt", equalTo(cancelledAt));

        // Now due: an event sent after it is delivered, and the cancelled one (first in line) is not.
        database.query(
                "UPDATE event_records SET deliver_at = now() - interval '1 second' WHERE event_id = 'evt-cancel'"
                        + " AND environment_id = $1::uuid",
                tenant.environmentId());
        send(tenant, Map.of("name", "user.created", "id", "evt-after"));
        assertEquals(List.of("on-created"), jobsStartedBy(tenant, "evt-after"));
        assertEquals(0, database.count("""
                SELECT count(*) FROM event_records e JOIN job_runs r ON r.event_id = e.id
                WHERE e.event_id = 'evt-cancel' AND e.environment_id = $1::uuid""", tenant.environmentId()));

        // A delivered event is answered as it is.
        Api.as(tenant)
                .post("/api/v1/events/{id}/cancel", "evt-after")
                .then()
                .statusCode(200)
                .body("cancelledAt", nullValue())
                .body("deliveredAt", notNullValue());
    }

    @Test
    void cancelRunsCancelsTheUnfinishedRunsOfTheEvent() {
        Tenant tenant = Tenants.create();
        Api.endpoint(tenant, "app");
        register(tenant, "on-created", "user.created", "trigger.dev", null, true);
        send(tenant, Map.of("name", "user.created", "id", "evt-runs"));
        assertEquals(List.of("on-created"), jobsStartedBy(tenant, "evt-runs"));
        String run = Api.as(tenant)
                .get("/api/v2/events/{id}", "evt-runs")
                .then()
                .extract()
                .path("runs[0].id");

        Api.as(tenant)
                .post("/api/v1/events/{id}/cancel-runs", "evt-runs")
                .then()
                .statusCode(200)
                .body("cancelledRunIds", contains(run))
                .body("failedToCancelRunIds", empty());
        Api.as(tenant)
                .get("/api/v2/events/{id}", "evt-runs")
                .then()
                .body("runs[0].status", equalTo("CANCELED"))
                .body("runs[0].completedAt", notNullValue());
        Api.as(tenant)
                .post("/api/v1/events/{id}/cancel-runs", "evt-runs")
                .then()
                .statusCode(200)
                .body("cancelledRunIds", empty());
    }

    @Test
    void bulkAnswersTheEventsInOrderAndIsBounded() {
        Tenant tenant = Tenants.create();
        Api.endpoint(tenant, "app");
        register(tenant, "on-created", "user.created", "trigger.dev", null, true);
        Api.as(tenant)
                .body(Map.of(
                        "events",
                        List.of(
                                Map.of("name", "user.created", "id", "b-1"),
                                Map.of("name", "order.paid", "id", "b-2"),
                                Map.of("name", "user.created", "id", "b-3", "payload", List.of(1, 2)))))
                .post("/api/v1/events/bulk")
                .then()
                .statusCode(200)
                .body("id", contains("b-1", "b-2", "b-3"))
                .body("[2].payload", contains(1, 2));
        assertEquals(List.of("on-created"), jobsStartedBy(tenant, "b-1"));
        assertEquals(List.of("on-created"), jobsStartedBy(tenant, "b-3"));
        awaitDelivered(tenant, "b-2");
        assertEquals(List.of(), jobsStartedBy(tenant, "b-2"));

        List<Map<String, Object>> tooMany = new ArrayList<>();
        for (int i = 0; i <= EventViews.MAX_BULK; i++) {
            tooMany.add(Map.of("name", "user.created", "id", "many-" + i));
        }
        Api.as(tenant)
                .body(Map.of("events", tooMany))
                .post("/api/v1/events/bulk")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.path", contains("events"));
        assertEquals(
                3,
                database.count(
                        "SELECT count(*) FROM event_records WHERE environment_id = $1::uuid", tenant.environmentId()));
    }

    @Test
    void badBodiesAre400NamingTheFieldAndStoreNothing() {
        Tenant tenant = Tenants.create();
        for (Object[] bad : new Object[][] {
            {"{}", "event"},
            {"{\"event\": {}}", "event.name"},
            {"{\"event\": {\"name\": 5}}", null},
            {"{\"event\": {\"name\": \"\"}}", "event.name"},
            {"{\"event\": {\"name\": \"a\", \"payloadType\": \"REQUEST\"}}", "event.payloadType"},
            {"{\"event\": {\"name\": \"a\"}, \"options\": {\"deliverAfter\": \"10\"}}", null},
            {"{\"event\": {\"name\": \"a\"}, \"options\": {\"deliverAfter\": 1.5}}", null},
            {"{\"event\": {\"name\": \"a\"}, \"options\": {\"deliverAt\": \"tomorrow\"}}", null},
            {"{\"event\": {\"name\": \"a\", \"payload\": {\"s\": \"x\\u0000y\"}}}", "event.payload.s"},
            {"{\"event\": {\"name\": \"a\", \"id\": \"" + "x".repeat(EventViews.MAX_KEY + 1) + "\"}}", "event.id"},
        }) {
            var answer = Api.as(tenant)
                    .body(bad[0])
                    .post("/api/v1/events")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("error", notNullValue());
            if (bad[1] != null) {
                answer.body("errors.path", contains(bad[1]));
            }
        }
        Api.as(tenant)
                .body("{\"events\": [{\"name\": \"a\"}, {\"name\": \"b\", \"payloadType\": \"REQUEST\"}]}")
                .post("/api/v1/events/bulk")
                .then()
                .statusCode(400)
                .body("errors.path", contains("events[1].payloadType"));
        Api.as(tenant)
                .body("{\"events\": {}}")
                .post("/api/v1/events/bulk")
                .then()
                .statusCode(400);
        Api.as(tenant)
                .body("{\"events\": []}")
                .post("/api/v1/events/bulk")
                .then()
                .statusCode(400)
                .body("errors.path", contains("events"));
        assertEquals(
                0,
                database.count(
                        "SELECT count(*) FROM event_records WHERE environment_id = $1::uuid", tenant.environmentId()));
    }

    @Test
    void anotherEnvironmentsEventIsNotFound() {
        Tenant owner = Tenants.create();
        Tenant other = Tenants.create();
        send(owner, Map.of("name", "user.created", "id", "evt-mine"));
        Api.as(other)
                .get("/api/v2/events/{id}", "evt-mine")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        Api.as(other).post("/api/v1/events/{id}/cancel", "evt-mine").then().statusCode(404);
        Api.as(other).post("/api/v1/events/{id}/cancel-runs", "evt-mine").then().statusCode(404);
        // Delivered before the test ends: no later test sees the database change under it.
        awaitDelivered(owner, "evt-mine");
        Api.as(owner)
                .get("/api/v2/events/{id}", "evt-mine")
                .then()
                .statusCode(200)
                .body("runs", empty());
    }

    private static io.restassured.response.ValidatableResponse send(Tenant tenant, Map<String, Object> event) {
        return Api.as(tenant)
                .body(Map.of("event", event))
                .post("/api/v1/events")
                .then()
                .statusCode(200);
    }

    private static void register(
            Tenant tenant, String id, String event, String source, String payloadFilter, boolean enabled) {
        ObjectNode job = Fixtures.signup(id, "1.0.0");
        ObjectNode rule = (ObjectNode) job.get("trigger").get("rule");
        rule.put("event", event).put("source", source);
        if (payloadFilter == null) {
            rule.remove("payload");
        } else {
            rule.set("payload", Fixtures.parse(payloadFilter));
        }
        job.put("enabled", enabled);
        Api.register(tenant, "app", job).statusCode(201);
    }

    /** The jobs (slugs, sorted) whose runs the event started, once it was delivered. */
    private List<String> jobsStartedBy(Tenant tenant, String eventId) {
        awaitDelivered(tenant, eventId);
        return database.query("""
                        SELECT j.slug FROM event_records e JOIN job_runs r ON r.event_id = e.id JOIN jobs j ON j.id = r.job_id
                        WHERE e.event_id = $1 AND e.environment_id = $2::uuid ORDER BY j.slug""", eventId, tenant.environmentId()).stream()
                .map(row -> row.getString("slug"))
                .toList();
    }

    private long runCount(Tenant tenant) {
        return database.count("SELECT count(*) FROM job_runs WHERE environment_id = $1::uuid", tenant.environmentId());
    }

    private void awaitDelivered(Tenant tenant, String eventId) {
        Eventually.await(
                () -> database.count(
                                "SELECT count(*) FROM event_records WHERE event_id = $1 AND environment_id = $2::uuid"
                                        + " AND delivered_at IS NOT NULL",
                                eventId,
                                tenant.environmentId())
                        == 1,
                "event " + eventId + " delivered");
    }
}
