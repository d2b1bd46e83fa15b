package io.kongflow.jobs.execution;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kongflow.jobs.support.Api;
import io.kongflow.jobs.support.Database;
import io.kongflow.jobs.support.Eventually;
import io.kongflow.jobs.support.NeededTools;
import io.kongflow.jobs.support.Race;
import io.kongflow.jobs.support.RunWaits;
import io.kongflow.jobs.support.SdkEndpoint;
import io.kongflow.jobs.support.SdkEventClient;
import io.kongflow.jobs.support.Tenants;
import io.kongflow.jobs.support.Tenants.Tenant;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A real {@code @trigger.dev/sdk@2.3.18} app's jobs wait for a request ({@code io.waitForRequest}) and
 * for an event ({@code io.waitForEvent}) on us (jobs in {@code src/test/sdk-endpoint/callback-jobs.mjs}):
 * the first request to the task's callback URL, or the first matching event, completes the task once
 * and the run resumes to SUCCESS with it; timeouts fail the run with v2's message.
 */
@QuarkusTest
@TestProfile(ExecutionOn.class)
class RealSdkCallbacksTest {

    private static final String ENDPOINT_ID = "kongflow-callbacks-test";
    private static final Pattern CALLBACK =
            Pattern.compile("http://localhost:(\\d+)/api/v1/tasks/([0-9a-f-]{36})/callback/([A-Za-z0-9_-]{32})");
    private static final String TIMED_OUT = "Remote callback timeout - no requests received";

    private static Tenant tenant;
    private static SdkEndpoint endpoint;
    private static SdkEventClient client;

    final Database database = Database.shared();
    final ObjectMapper json = new ObjectMapper();

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
    void waitForRequestReturnsTheBodyPostedToTheCallbackUrlAndARepeatChangesNothing() throws Exception {
        String run = invoke("cb-request", Map.of());
        String url = sharedUrl(run);
        Matcher parts = CALLBACK.matcher(url);
        assertTrue(parts.matches(), url);
        assertEquals(String.valueOf(RestAssured.port), parts.group(1));
        String task = parts.group(2);
        String secret = parts.group(3);
        awaitWaitingFor(run, task);
        // The secret is kept sealed: neither column holds it.
        var row = database.query("SELECT callback_url, callback_secret FROM job_tasks WHERE id = $1::uuid", task)
                .get(0);
        assertEquals(url.substring(0, url.length() - secret.length()), row.getString("callback_url"));
        assertFalse(row.getString("callback_secret").contains(secret));

        post(url, "{\"order\": 7, \"items\": [\"a\", \"b\"]}")
                .then()
                .statusCode(200)
                .body("success", equalTo(true));
        assertEquals("SUCCESS", awaitFinal(run));
        assertEquals("{\"received\": {\"items\": [\"a\", \"b\"], \"order\": 7}}", database.runOutput(run));

        String task0 = taskState(task);
        post(url, "{\"order\": 8}").then().statusCode(200).body("success", equalTo(true));
        assertEquals(task0, taskState(task));
        assertEquals("{\"received\": {\"items\": [\"a\", \"b\"], \"order\": 7}}", database.runOutput(run));
    }

    @Test
    void theRunFormOfTheUrlWorksToo() {
        String run = invoke("cb-request", Map.of());
        Matcher parts = CALLBACK.matcher(sharedUrl(run));
        assertTrue(parts.matches());
        awaitWaitingFor(run, parts.group(2));
        String path = "/api/v1/runs/{run}/tasks/{task}/callback/{secret}";
        given().body("[1]")
                .post(path, invoke("cb-request", Map.of()), parts.group(2), parts.group(3))
                .then()
                .statusCode(404);
        given().contentType("text/plain")
                .body("\"plain text is JSON too\"")
                .post(path, run, parts.group(2), parts.group(3))
                .then()
                .statusCode(200);
        assertEquals("SUCCESS", awaitFinal(run));
        assertEquals("{\"received\": \"plain text is JSON too\"}", database.runOutput(run));
    }

    @Test
    void wrongSecretsUnknownTasksAndBadBodiesAreRefusedAndChangeNothing() {
        String run = invoke("cb-request", Map.of());
        String url = sharedUrl(run);
        Matcher parts = CALLBACK.matcher(url);
        assertTrue(parts.matches());
        awaitWaitingFor(run, parts.group(2));
        String base = "http://localhost:" + RestAssured.port + "/api/v1/tasks/";
        String other = "0".repeat(32);
        Map<String, String> before = database.snapshot();
        for (String wrong : List.of(
                base + parts.group(2) + "/callback/" + other,
                base + java.util.UUID.randomUUID() + "/callback/" + parts.group(3),
                base + "not-a-task/callback/" + parts.group(3))) {
            post(wrong, "{}")
                    .then()
                    .statusCode(404)
                    .contentType("application/problem+json")
                    .body("title", equalTo("Not Found"));
        }
        for (String bad : List.of("", "{not json", "{} {}")) {
            post(url, bad).then().statusCode(400).contentType("application/problem+json");
        }
        post(url, "{\"nul\": \"a\\u0000b\"}").then().statusCode(400).contentType("application/problem+json");
        given().contentType("application/json")
                .body("{\"big\": \"" + "x".repeat(1_100_000) + "\"}")
                .post(URI.create(url))
                .then()
                .statusCode(413);
        assertEquals(before, database.snapshot());
        post(url, "{\"at\": \"last\"}").then().statusCode(200);
        assertEquals("SUCCESS", awaitFinal(run));
    }

    @Test
    void aCallbackTimeoutFailsTheRunWithTheSdksErrorAndALateRequestChangesNothing() {
        String run = invoke("cb-request", Map.of("timeout", 1));
        String url = sharedUrl(run);
        assertEquals("FAILURE", awaitFinal(run));
        assertTrue(database.runOutput(run).contains(TIMED_OUT), database.runOutput(run));
        String task = CALLBACK.matcher(url).results().findFirst().orElseThrow().group(2);
        var row = database.query("SELECT status, error FROM job_tasks WHERE id = $1::uuid", task)
                .get(0);
        assertEquals("ERRORED", row.getString("status"));
        assertEquals(TIMED_OUT, row.getString("error"));
        String before = taskState(task);
        post(url, "{\"late\": true}").then().statusCode(200);
        assertEquals(before, taskState(task));
        assertEquals("FAILURE", status(run));
    }

    @Test
    void aRequestThatArrivesWhileTheRunStillExecutesResumesIt() {
        String run = invoke("cb-request-self", Map.of());
        assertEquals("SUCCESS", awaitFinal(run));
        assertEquals("{\"received\": {\"from\": \"myself\"}}", database.runOutput(run));
    }

    @Test
    void concurrentRequestsCompleteTheTaskOnce() throws Exception {
        String run = invoke("cb-request", Map.of());
        String url = sharedUrl(run);
        awaitWaitingFor(
                run, CALLBACK.matcher(url).results().findFirst().orElseThrow().group(2));
        List<Callable<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String body = "{\"n\": " + i + "}";
            calls.add(() -> post(url, body).statusCode());
        }
        assertEquals(java.util.Collections.nCopies(12, 200), Race.run(12, calls));
        assertEquals("SUCCESS", awaitFinal(run));
        JsonNode output = read(database.runOutput(run));
        int n = output.path("received").path("n").asInt(-1);
        assertTrue(n >= 0 && n < 12, output.toString());
        String task = CALLBACK.matcher(url).results().findFirst().orElseThrow().group(2);
        assertEquals(
                "{\"n\": " + n + "}",
                database.query("SELECT CAST(output AS text) AS o FROM job_tasks WHERE id = $1::uuid", task)
                        .get(0)
                        .getString("o"));
        assertEquals(
                1,
                database.count(
                        "SELECT count(*) FROM job_task_attempts WHERE task_id = $1::uuid AND status = 'COMPLETED'",
                        task));
    }

    @Test
    void waitForEventResolvesWithTheFirstMatchingEventOnly() {
        String run = invoke("cb-event", Map.of("orderId", "o-1"));
        String task = awaitDispatcher(run);
        String other = send(Map.of("name", "kf.cb.order", "payload", Map.of("orderId", "o-2")));
        awaitDelivered(other);
        assertEquals("WAITING", taskStatus(task));
        assertEquals("WAITING_TO_CONTINUE", status(run));

        String matching = send(Map.of("name", "kf.cb.order", "payload", Map.of("orderId", "o-1", "total", 3)));
        assertEquals("SUCCESS", awaitFinal(run));
        JsonNode event = read(database.runOutput(run)).get("event");
        assertEquals(matching, event.get("id").asText());
        assertEquals("kf.cb.order", event.get("name").asText());
        assertEquals("trigger.dev", event.get("source").asText());
        assertEquals(3, event.get("payload").get("total").asInt());
        assertNotNull(event.get("timestamp").asText());
        assertEquals(0, database.count("SELECT count(*) FROM event_dispatchers WHERE task_id = $1::uuid", task));

        String late = send(Map.of("name", "kf.cb.order", "payload", Map.of("orderId", "o-1")));
        awaitDelivered(late);
        assertEquals(
                matching, read(database.runOutput(run)).get("event").get("id").asText());
    }

    @Test
    void twoMatchingEventsDeliveredAtOnceCompleteTheTaskOnce() {
        String run = invoke("cb-event", Map.of("orderId", "o-twice"));
        String task = awaitDispatcher(run);
        JsonNode sent = client.call(
                "sendEvents",
                List.of(
                        Map.of("name", "kf.cb.order", "payload", Map.of("orderId", "o-twice", "n", 1)),
                        Map.of("name", "kf.cb.order", "payload", Map.of("orderId", "o-twice", "n", 2))));
        awaitDelivered(sent.get(0).get("id").asText());
        awaitDelivered(sent.get(1).get("id").asText());
        assertEquals("SUCCESS", awaitFinal(run));
        String id = read(database.runOutput(run)).get("event").get("id").asText();
        assertTrue(
                Set.of(sent.get(0).get("id").asText(), sent.get(1).get("id").asText())
                        .contains(id),
                id);
        assertEquals(
                1,
                database.count(
                        "SELECT count(*) FROM job_task_attempts WHERE task_id = $1::uuid AND status = 'COMPLETED'",
                        task));
    }

    @Test
    void waitForEventTimesOutWithTheSdksError() {
        String run = invoke("cb-event", Map.of("orderId", "o-never", "timeout", 10));
        String task = awaitDispatcher(run);
        assertEquals("FAILURE", awaitFinal(run, Duration.ofSeconds(40)));
        assertTrue(database.runOutput(run).contains(TIMED_OUT), database.runOutput(run));
        assertEquals(0, database.count("SELECT count(*) FROM event_dispatchers WHERE task_id = $1::uuid", task));
    }

    @Test
    void ephemeralDispatcherBadBodiesAndOtherUrlsAreRefusedAndStoreNothing() {
        String run = invoke("cb-request", Map.of());
        String url = sharedUrl(run);
        Matcher parts = CALLBACK.matcher(url);
        assertTrue(parts.matches());
        awaitWaitingFor(run, parts.group(2));
        Tenant stranger = Tenants.create();
        Map<String, String> before = database.snapshot();
        List<Map<String, Object>> bad = List.of(
                Map.of("name", "x"),
                Map.of("url", url),
                Map.of("url", url, "name", 5),
                Map.of("url", url, "name", List.of()),
                Map.of("url", url, "name", "x", "filter", Map.of("a", "not a list")),
                Map.of("url", url, "name", "x", "contextFilter", List.of(1)),
                Map.of("url", url, "name", "x", "timeoutInSeconds", 5),
                Map.of("url", url, "name", "x", "timeoutInSeconds", "60"),
                Map.of("url", "https://example.com/hook", "name", "x"));
        for (Map<String, Object> body : bad) {
            Api.as(tenant)
                    .body(body)
                    .post("/api/v1/event-dispatchers/ephemeral")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json");
        }
        String wrongSecret = url.substring(0, url.length() - 32) + "A".repeat(32);
        for (String notOurs : List.of(
                wrongSecret,
                url.replace(parts.group(2), java.util.UUID.randomUUID().toString()))) {
            Api.as(tenant)
                    .body(Map.of("url", notOurs, "name", "x"))
                    .post("/api/v1/event-dispatchers/ephemeral")
                    .then()
                    .statusCode(404)
                    .contentType("application/problem+json");
        }
        Api.as(stranger)
                .body(Map.of("url", url, "name", "x"))
                .post("/api/v1/event-dispatchers/ephemeral")
                .then()
                .statusCode(404)
                .body("detail", startsWith("Waiting task"));
        given().contentType("application/json")
                .body(Map.of("url", url, "name", "x"))
                .post("/api/v1/event-dispatchers/ephemeral")
                .then()
                .statusCode(401);
        assertEquals(before, database.snapshot());

        String id = Api.as(tenant)
                .body(Map.of("url", url, "name", List.of("a", "b"), "timeoutInSeconds", 60))
                .post("/api/v1/event-dispatchers/ephemeral")
                .then()
                .statusCode(200)
                .extract()
                .path("id");
        Api.as(tenant)
                .body(Map.of("url", url, "name", "c"))
                .post("/api/v1/event-dispatchers/ephemeral")
                .then()
                .statusCode(200)
                .body("id", equalTo(id));
        post(url, "{}").then().statusCode(200);
        assertEquals("SUCCESS", awaitFinal(run));
        assertEquals(0, database.count("SELECT count(*) FROM event_dispatchers WHERE id = $1::uuid", id));
    }

    @Test
    void concurrentDispatcherCreationsMakeOneAndNoneOutlivesItsTask() throws Exception {
        String run = invoke("cb-request", Map.of());
        String url = sharedUrl(run);
        String task = CALLBACK.matcher(url).results().findFirst().orElseThrow().group(2);
        awaitWaitingFor(run, task);
        List<Callable<String>> creations = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            creations.add(
                    () -> createDispatcher(url).then().statusCode(200).extract().path("id"));
        }
        assertEquals(1, Set.copyOf(Race.run(8, creations)).size(), "one dispatcher for the task");
        assertEquals(1, database.count("SELECT count(*) FROM event_dispatchers WHERE task_id = $1::uuid", task));

        // Creations racing the request that ends the task: whichever commits first, none is left behind.
        database.query("DELETE FROM event_dispatchers WHERE task_id = $1::uuid", task);
        List<Callable<Integer>> race = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            race.add(() -> createDispatcher(url).statusCode());
        }
        race.add(() -> post(url, "{\"raced\": true}").statusCode());
        List<Integer> statuses = Race.run(7, race);
        assertEquals(200, statuses.get(6));
        assertTrue(
                statuses.subList(0, 6).stream().allMatch(status -> status == 200 || status == 404),
                statuses.toString());
        assertEquals("SUCCESS", awaitFinal(run));
        assertEquals(0, database.count("SELECT count(*) FROM event_dispatchers WHERE task_id = $1::uuid", task));
    }

    private static Response createDispatcher(String url) {
        return Api.as(tenant)
                .body(Map.of("url", url, "name", "kf.cb.race"))
                .post("/api/v1/event-dispatchers/ephemeral");
    }

    private static Response post(String url, String body) {
        return given().contentType("application/json").body(body).post(URI.create(url));
    }

    /** The callback URL the job's run shared through its "share-url" task. */
    private String sharedUrl(String run) {
        String[] url = new String[1];
        Eventually.await(
                () -> {
                    var rows = database.query(
                            "SELECT output ->> 'url' AS url FROM job_tasks WHERE run_id = $1::uuid AND name = 'share-url'"
                                    + " AND status = 'COMPLETED'",
                            run);
                    url[0] = rows.isEmpty() ? null : rows.get(0).getString("url");
                    return url[0] != null;
                },
                "run " + run + " shared its callback URL",
                Duration.ofSeconds(30));
        return url[0];
    }

    /** The run waits for the task (its execution answered), so a request resumes it rather than racing it. */
    private void awaitWaitingFor(String run, String task) {
        Eventually.await(
                () -> database.count(
                                "SELECT count(*) FROM job_runs WHERE id = $1::uuid AND status = 'WAITING_TO_CONTINUE'"
                                        + " AND waiting_for_task_id = $2::uuid",
                                run,
                                task)
                        == 1,
                "run " + run + " waits for task " + task,
                Duration.ofSeconds(30));
    }

    /** The waiting task of the run's io.waitForEvent, once its ephemeral dispatcher exists. */
    private String awaitDispatcher(String run) {
        String[] task = new String[1];
        Eventually.await(
                () -> {
                    var rows = database.query(
                            "SELECT CAST(d.task_id AS text) AS task FROM event_dispatchers d JOIN job_tasks t"
                                    + " ON t.id = d.task_id WHERE t.run_id = $1::uuid",
                            run);
                    task[0] = rows.isEmpty() ? null : rows.get(0).getString("task");
                    return task[0] != null;
                },
                "run " + run + " waits for an event",
                Duration.ofSeconds(30));
        awaitWaitingFor(run, task[0]);
        return task[0];
    }

    private String send(Map<String, Object> event) {
        return client.call("sendEvent", event).get("id").asText();
    }

    private void awaitDelivered(String eventId) {
        Eventually.await(
                () -> database.count(
                                "SELECT count(*) FROM event_records WHERE event_id = $1 AND environment_id = $2::uuid"
                                        + " AND delivered_at IS NOT NULL",
                                eventId,
                                tenant.environmentId())
                        == 1,
                "event " + eventId + " delivered",
                Duration.ofSeconds(30));
    }

    private String taskState(String task) {
        return database.query(
                        "SELECT CAST(t.* AS text) AS t, (SELECT string_agg(CAST(a.* AS text), ',') FROM job_task_attempts a"
                                + " WHERE a.task_id = t.id) AS a FROM job_tasks t WHERE t.id = $1::uuid",
                        task)
                .get(0)
                .toJson()
                .encode();
    }

    private String taskStatus(String task) {
        return database.query("SELECT status FROM job_tasks WHERE id = $1::uuid", task)
                .get(0)
                .getString("status");
    }

    private String status(String run) {
        return database.query("SELECT status FROM job_runs WHERE id = $1::uuid", run)
                .get(0)
                .getString("status");
    }

    private JsonNode read(String text) {
        try {
            return json.readTree(text);
        } catch (java.io.IOException e) {
            throw new AssertionError(text, e);
        }
    }

    private static String invoke(String job, Map<String, Object> payload) {
        return Api.as(tenant)
                .body(Map.of("payload", new HashMap<>(payload)))
                .post("/api/v1/jobs/{slug}/invoke", job)
                .then()
                .statusCode(200)
                .extract()
                .path("id");
    }

    private String awaitFinal(String run) {
        return awaitFinal(run, Duration.ofSeconds(30));
    }

    private String awaitFinal(String run, Duration within) {
        return RunWaits.awaitFinal(tenant, run, within);
    }
}
