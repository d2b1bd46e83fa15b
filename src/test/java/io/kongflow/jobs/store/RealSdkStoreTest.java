package io.kongflow.jobs.store;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.kongflow.jobs.execution.ExecutionOn;
import io.kongflow.jobs.support.Api;
import io.kongflow.jobs.support.Database;
import io.kongflow.jobs.support.NeededTools;
import io.kongflow.jobs.support.RunWaits;
import io.kongflow.jobs.support.SdkEndpoint;
import io.kongflow.jobs.support.SdkEventClient;
import io.kongflow.jobs.support.Tenants;
import io.kongflow.jobs.support.Tenants.Tenant;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A real {@code @trigger.dev/sdk@2.3.18} app uses the key-value store from its jobs
 * ({@code io.store.env/job/run}, {@code src/test/sdk-endpoint/store-jobs.mjs}) and from a client
 * ({@code client.store.env}), and reads its runs' details with {@code client.getRun}: each result is
 * what the SDK parsed with its own schemas.
 */
@QuarkusTest
@TestProfile(ExecutionOn.class)
class RealSdkStoreTest {

    private static final String ENDPOINT_ID = "kongflow-store-test";

    private static Tenant tenant;
    private static SdkEndpoint endpoint;
    private static SdkEventClient client;

    final Database database = Database.shared();

    @BeforeAll
    static void requireNode() {
        NeededTools.require("the real SDK runs on Node.js", "node", "npm");
    }

    /** Once, after the service is up (its port is known only then). */
    @BeforeEach
    void startEndpointAndClient() throws Exception {
        if (endpoint != null) {
            return;
        }
        tenant = Tenants.create();
        endpoint = SdkEndpoint.executing(tenant, ENDPOINT_ID);
        client = SdkEventClient.start(tenant.apiKey(), serviceUrl());
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
    void aJobUsesEveryStoreAndTheClientSeesWhatItLeft() throws Exception {
        assertEquals(
                "kong",
                client.call("store.env.set", "from-client", Map.of("hello", "kong"))
                        .path("hello")
                        .asText());
        client.call("store.env.set", "to-delete", "bye");
        String run = invoke(
                "store-roundtrip",
                Map.of("fromClient", "from-client", "envKey", "env-key", "deleteKey", "to-delete", "count", 7));
        assertEquals("SUCCESS", awaitFinal(run), database.runOutput(run));
        JsonNode output = new com.fasterxml.jackson.databind.ObjectMapper().readTree(database.runOutput(run));
        assertEquals("kong", output.path("fromClient").path("hello").asText(), output.toString());
        JsonNode envValue = new com.fasterxml.jackson.databind.ObjectMapper()
                .createObjectNode()
                .put("n", 1)
                .put("run", run);
        assertEquals(envValue, output.get("envSet"));
        assertEquals(envValue, output.get("envGot"));
        assertTrue(output.get("envHas").asBoolean());
        assertEquals(7, output.get("jobSet").asInt());
        assertEquals(7, output.get("jobGot").asInt());
        assertEquals("for this run only", output.get("runSet").asText());
        assertEquals("for this run only", output.get("runGot").asText());
        assertTrue(output.get("runHas").asBoolean());
        assertTrue(output.get("deleted").asBoolean());
        assertFalse(output.get("deletedAgain").asBoolean());
        assertTrue(output.get("afterDelete").isNull());
        assertFalse(output.get("hasAfterDelete").asBoolean());

        // The client reads what the job left: its env key, the job's key under the SDK's namespace.
        assertEquals(envValue, client.call("store.env.get", "env-key"));
        assertTrue(client.call("store.env.has", "env-key").asBoolean());
        assertEquals(
                7, client.call("store.env.get", "job:store-roundtrip:counter").asInt());
        assertFalse(client.call("store.env.has", "to-delete").asBoolean());
        // The run has ended: its key is gone for every reader.
        assertTrue(client.call("store.env.get", "run:" + run + ":scratch").isNull());
        assertFalse(client.call("store.env.has", "run:" + run + ":scratch").asBoolean());
        assertTrue(client.call("store.env.delete", "env-key").asBoolean());
        assertFalse(client.call("store.env.delete", "env-key").asBoolean());
    }

    @Test
    void anotherEnvironmentsClientSeesNoneOfIt() throws Exception {
        client.call("store.env.set", "private", List.of(1, 2, 3));
        Tenant other = Tenants.create();
        try (SdkEventClient theirs = SdkEventClient.start(other.apiKey(), serviceUrl())) {
            assertTrue(theirs.call("store.env.get", "private").isNull());
            assertFalse(theirs.call("store.env.has", "private").asBoolean());
            assertFalse(theirs.call("store.env.delete", "private").asBoolean());
        }
        assertEquals(3, client.call("store.env.get", "private").size());
    }

    @Test
    void aValueOverTheLimitIsRefusedByTheSdkWithV2sMessage() {
        IllegalStateException refused = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalStateException.class, () -> client.call("store.env.set", "big", "x".repeat(256 * 1024)));
        assertEquals("Max request body size exceeded: 262144 bytes", refused.getMessage());
    }

    @Test
    void aRunsKeyLastsWhileTheRunWaitsAndGoesWhenItEnds() {
        String run = invoke("store-run-waits", Map.of("seconds", 2));
        String key = "run:" + run + ":progress";
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (database.count("SELECT count(*) FROM key_value_items WHERE run_id = $1::uuid", run) == 0
                && System.nanoTime() < deadline) {
            LockSupport.parkNanos(20_000_000);
        }
        assertEquals(
                1,
                database.count("SELECT count(*) FROM key_value_items WHERE run_id = $1::uuid AND key = $2", run, key));
        assertEquals(1, client.call("store.env.get", key).path("step").asInt(), "seen while the run waits");
        assertEquals("SUCCESS", awaitFinal(run));
        assertEquals("{\"progress\": {\"step\": 1}}", database.runOutput(run), "read back after the wait");
        assertTrue(client.call("store.env.get", key).isNull());
        long swept = System.nanoTime() + 10_000_000_000L;
        while (database.count("SELECT count(*) FROM key_value_items WHERE run_id = $1::uuid", run) > 0
                && System.nanoTime() < swept) {
            LockSupport.parkNanos(50_000_000);
        }
        assertEquals(0, database.count("SELECT count(*) FROM key_value_items WHERE run_id = $1::uuid", run));
    }

    @Test
    void getRunNestsSubtasksShowsDetailsAndPages() {
        String run = invoke("details-nested", Map.of());
        assertEquals("SUCCESS", awaitFinal(run), database.runOutput(run));

        JsonNode flat = client.call("getRun", run);
        assertEquals(List.of("Outer", "Fails", "Last"), names(flat.get("tasks")));
        assertEquals("SUCCESS", flat.get("status").asText());
        assertTrue(flat.get("output").get("ok").asBoolean());

        JsonNode nested = client.call("getRun", run, Map.of("subtasks", true));
        JsonNode outer = nested.get("tasks").get(0);
        assertEquals(List.of("Outer", "Fails", "Last"), names(nested.get("tasks")));
        assertEquals(List.of("Inner 1", "Inner 2"), names(outer.get("subtasks")));
        assertEquals(List.of("Deepest"), names(outer.get("subtasks").get(1).get("subtasks")));
        assertFalse(outer.get("subtasks").get(0).has("subtasks"), "a task without children has no subtasks");

        // take and cursor: the SDK pages through the top-level tasks.
        JsonNode first = client.call("getRun", run, Map.of("take", 2));
        assertEquals(List.of("Outer", "Fails"), names(first.get("tasks")));
        JsonNode second = client.call(
                "getRun",
                run,
                Map.of("take", 2, "cursor", first.get("nextCursor").asText()));
        assertEquals(List.of("Last"), names(second.get("tasks")));
        assertFalse(second.has("nextCursor"));
        // With subtasks, a page counts every task in execution order.
        List<String> all = new ArrayList<>();
        String cursor = null;
        do {
            Map<String, Object> options = new java.util.HashMap<>(Map.of("take", 2, "subtasks", true));
            if (cursor != null) {
                options.put("cursor", cursor);
            }
            JsonNode page = client.call("getRun", run, options);
            page.get("tasks").forEach(task -> collect(task, all));
            cursor = page.path("nextCursor").isMissingNode()
                    ? null
                    : page.get("nextCursor").asText();
        } while (cursor != null);
        assertEquals(List.of("Outer", "Inner 1", "Inner 2", "Deepest", "Fails", "Last"), all);

        // taskdetails: the SDK's schema drops them, the API answers them.
        Api.as(tenant)
                .get("/api/v2/runs/{id}?subtasks=true&taskdetails=true", run)
                .then()
                .statusCode(200)
                .body("tasks.name", contains("Outer", "Fails", "Last"))
                .body("tasks[0].params.level", equalTo(0))
                .body("tasks[0].output.outer", equalTo(true))
                .body("tasks[0].subtasks[0].params.i", equalTo(1))
                .body("tasks[0].subtasks[0].output.i", equalTo(1))
                .body("tasks[0].subtasks[1].properties[0].label", equalTo("kind"))
                .body("tasks[0].subtasks[1].properties[0].text", equalTo("middle"))
                .body("tasks[1].status", equalTo("ERRORED"))
                .body("tasks[1].output.message", equalTo("caught here"))
                .body("tasks[2].output", equalTo("done"));
        Api.as(Tenants.create()).get("/api/v2/runs/{id}", run).then().statusCode(404);
    }

    private static void collect(JsonNode task, List<String> names) {
        names.add(task.get("name").asText());
        if (task.has("subtasks")) {
            task.get("subtasks").forEach(child -> collect(child, names));
        }
    }

    private static List<String> names(JsonNode tasks) {
        List<String> names = new ArrayList<>();
        tasks.forEach(task -> names.add(task.get("name").asText()));
        return names;
    }

    private static String serviceUrl() {
        return "http://127.0.0.1:" + RestAssured.port;
    }

    private static String invoke(String job, Object payload) {
        return Api.as(tenant)
                .body(Map.of("payload", payload))
                .post("/api/v1/jobs/{slug}/invoke", job)
                .then()
                .statusCode(200)
                .extract()
                .path("id");
    }

    private static String awaitFinal(String run) {
        return RunWaits.awaitFinal(tenant, run, java.time.Duration.ofSeconds(60));
    }
}
