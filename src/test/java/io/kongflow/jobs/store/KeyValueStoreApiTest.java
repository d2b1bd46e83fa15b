package io.kongflow.jobs.store;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kongflow.jobs.support.Api;
import io.kongflow.jobs.support.Database;
import io.kongflow.jobs.support.Fixtures;
import io.kongflow.jobs.support.Race;
import io.kongflow.jobs.support.Tenants;
import io.kongflow.jobs.support.Tenants.Tenant;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/**
 * The key-value store's routes ({@code /api/v1/store/{key}}) answer as v2 did, in the SDK's
 * KeyValueStoreResponseBody shapes: per environment, keys URL-encoded, text values up to 256 KiB,
 * run-scoped keys removed when their run ends; bad input changes nothing.
 */
@QuarkusTest
class KeyValueStoreApiTest {

    private static final int MAX = 256 * 1024;

    final Database database = Database.shared();

    @Test
    void aValueIsStoredReadCheckedAndDeletedUnderAnEncodedKey() {
        Tenant tenant = Tenants.create();
        for (String key : List.of("plain", "job:my-job:a/b c%d:é", "run:not-a-run:x", "emoji 🦍 ?&#=+")) {
            put(tenant, key, "{\"n\":1}")
                    .then()
                    .statusCode(200)
                    .body("action", equalTo("SET"))
                    .body("key", equalTo(key))
                    .body("value", equalTo("{\"n\":1}"));
            store(tenant)
                    .get(path(key))
                    .then()
                    .statusCode(200)
                    .body("action", equalTo("GET"))
                    .body("key", equalTo(key))
                    .body("value", equalTo("{\"n\":1}"));
            store(tenant).head(path(key)).then().statusCode(200);
            put(tenant, key, "replaced").then().statusCode(200).body("value", equalTo("replaced"));
            store(tenant).get(path(key)).then().body("value", equalTo("replaced"));
            store(tenant)
                    .delete(path(key))
                    .then()
                    .statusCode(200)
                    .body("action", equalTo("DELETE"))
                    .body("key", equalTo(key))
                    .body("deleted", equalTo(true));
            store(tenant)
                    .get(path(key))
                    .then()
                    .statusCode(200)
                    .body("key", equalTo(key))
                    .body("$", not(hasKey("value")));
            store(tenant).head(path(key)).then().statusCode(404);
            store(tenant).delete(path(key)).then().statusCode(200).body("deleted", equalTo(false));
        }
        assertEquals(
                0,
                database.count(
                        "SELECT count(*) FROM key_value_items WHERE environment_id = $1::uuid",
                        tenant.environmentId()));
    }

    @Test
    void anEmptyBodyStoresAnEmptyValue() {
        Tenant tenant = Tenants.create();
        store(tenant)
                .contentType("text/plain")
                .put(path("empty"))
                .then()
                .statusCode(200)
                .body("value", equalTo(""));
        store(tenant).head(path("empty")).then().statusCode(200);
    }

    @Test
    void aValueOver256KiBIsRefusedAsV2DidAndChangesNothing() {
        Tenant tenant = Tenants.create();
        put(tenant, "big", "x".repeat(MAX)).then().statusCode(200);
        // Counted as v2 and the SDK count (UTF-16 code units): 256 Ki two-byte characters fit.
        put(tenant, "wide", "é".repeat(MAX)).then().statusCode(200);
        Map<String, String> before = database.snapshot();
        put(tenant, "big", "y".repeat(MAX + 1))
                .then()
                .statusCode(413)
                .contentType("application/problem+json")
                .body("error", equalTo("Max request body size exceeded: 262144 bytes"));
        put(tenant, "new", "é".repeat(MAX + 1)).then().statusCode(413);
        assertEquals(before, database.snapshot());
        assertEquals(
                MAX, ((String) store(tenant).get(path("big")).then().extract().path("value")).length());
    }

    @Test
    void badKeysAndValuesAre400AndChangeNothing() {
        Tenant tenant = Tenants.create();
        Map<String, String> before = database.snapshot();
        // A NUL, 2 049 bytes (also as 2 048 characters, one of two bytes).
        for (String encoded : List.of("a%00b", "x".repeat(2049), "x".repeat(2047) + "%C3%A9")) {
            for (String method : List.of("GET", "PUT", "DELETE")) {
                store(tenant)
                        .contentType("text/plain")
                        .body("v")
                        .request(method, "/api/v1/store/" + encoded)
                        .then()
                        .statusCode(400)
                        .contentType("application/problem+json");
            }
            store(tenant).head("/api/v1/store/" + encoded).then().statusCode(400);
        }
        put(tenant, "nul-value", "a\u0000b").then().statusCode(400).contentType("application/problem+json");
        assertEquals(before, database.snapshot());
        put(tenant, "x".repeat(2048), "longest key").then().statusCode(200);
    }

    @Test
    void anotherEnvironmentNeverSeesNorChangesAKey() {
        Tenant owner = Tenants.create();
        put(owner, "shared-name", "mine").then().statusCode(200);
        for (Tenant other : List.of(Tenants.create(), owner.sibling("prod", "PRODUCTION"), owner.otherProject())) {
            store(other).get(path("shared-name")).then().statusCode(200).body("$", not(hasKey("value")));
            store(other).head(path("shared-name")).then().statusCode(404);
            store(other).delete(path("shared-name")).then().statusCode(200).body("deleted", equalTo(false));
            put(other, "shared-name", "theirs").then().statusCode(200);
            store(other).get(path("shared-name")).then().body("value", equalTo("theirs"));
        }
        store(owner).get(path("shared-name")).then().body("value", equalTo("mine"));
    }

    @Test
    void withoutAKeyItIs401() {
        given().get(path("k")).then().statusCode(401);
        given().contentType("text/plain").body("v").put(path("k")).then().statusCode(401);
    }

    @Test
    void manyPutsAndDeletesOfOneKeyAtOnceLeaveOneValueOrNone() throws Exception {
        Tenant tenant = Tenants.create();
        List<Callable<Response>> calls = new ArrayList<>();
        for (int i = 0; i < 48; i++) {
            String value = "v" + i;
            calls.add(i % 4 == 3 ? () -> store(tenant).delete(path("hot")) : () -> put(tenant, "hot", value));
        }
        List<Response> answers = Race.run(16, calls);
        Set<String> written = new HashSet<>();
        for (int i = 0; i < answers.size(); i++) {
            Response answer = answers.get(i);
            assertEquals(200, answer.statusCode(), answer.asString());
            if (i % 4 != 3) {
                assertEquals("v" + i, answer.path("value"), "a PUT answers its own value");
                written.add("v" + i);
            }
        }
        long rows = database.count(
                "SELECT count(*) FROM key_value_items WHERE environment_id = $1::uuid AND key = 'hot'",
                tenant.environmentId());
        assertTrue(rows <= 1, "one row per key");
        String last = store(tenant).get(path("hot")).then().extract().path("value");
        assertTrue(last == null ? rows == 0 : written.contains(last) && rows == 1, "left: " + last);
        put(tenant, "hot", "final").then().statusCode(200);
        store(tenant).get(path("hot")).then().body("value", equalTo("final"));
    }

    @Test
    void aRunsKeysGoWhenTheRunEndsAndCannotBeWrittenAfter() {
        Tenant tenant = Tenants.create();
        String run = queuedRun(tenant);
        String key = "run:" + run + ":scratch";
        put(tenant, key, "working").then().statusCode(200);
        put(tenant, "run:" + run + ":other", "too").then().statusCode(200);
        // A key naming no run of this environment is a plain key.
        String stranger = "run:" + UUID.randomUUID() + ":x";
        put(tenant, stranger, "stays").then().statusCode(200);
        assertEquals(2, database.count("SELECT count(*) FROM key_value_items WHERE run_id = $1::uuid", run));

        Api.as(tenant)
                .post("/api/v1/runs/{id}/cancel", run)
                .then()
                .statusCode(200)
                .body("status", equalTo("CANCELED"));

        // Gone at once for every read, then deleted by the sweep.
        store(tenant).get(path(key)).then().statusCode(200).body("$", not(hasKey("value")));
        store(tenant).head(path(key)).then().statusCode(404);
        store(tenant)
                .delete(path("run:" + run + ":other"))
                .then()
                .statusCode(200)
                .body("deleted", equalTo(false));
        awaitSwept(run);
        Map<String, String> before = database.snapshot();
        put(tenant, key, "too late")
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body(
                        "error",
                        equalTo("Run " + run + " has ended: its run-scoped keys (io.store.run) were removed with it"));
        assertEquals(before, database.snapshot());
        store(tenant).get(path(stranger)).then().body("value", equalTo("stays"));
    }

    @Test
    void aRunEndingWhileItsKeysAreWrittenLeavesNoneBehind() throws Exception {
        Tenant tenant = Tenants.create();
        for (int round = 0; round < 3; round++) {
            String run = queuedRun(tenant);
            List<Callable<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                String key = "run:" + run + ":k" + i;
                calls.add(() -> put(tenant, key, "v").statusCode());
                if (i == 12) {
                    calls.add(() ->
                            Api.as(tenant).post("/api/v1/runs/{id}/cancel", run).statusCode());
                }
            }
            List<Integer> statuses = Race.run(12, calls);
            assertTrue(statuses.stream().allMatch(status -> status == 200 || status == 409), statuses.toString());
            for (int i = 0; i < 24; i++) {
                store(tenant).head(path("run:" + run + ":k" + i)).then().statusCode(404);
            }
            awaitSwept(run);
        }
    }

    /** The sweep (every 200 ms in tests) deletes an ended run's keys. */
    private void awaitSwept(String run) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        String sql = "SELECT count(*) FROM key_value_items WHERE key LIKE $1";
        while (database.count(sql, "run:" + run + ":%") > 0 && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(50_000_000);
        }
        assertEquals(0, database.count(sql, "run:" + run + ":%"), "the keys of an ended run were not swept");
    }

    private String queuedRun(Tenant tenant) {
        if (database.count("SELECT count(*) FROM endpoints WHERE environment_id = $1::uuid", tenant.environmentId())
                == 0) {
            Api.endpoint(tenant, "app");
            Api.register(tenant, "app", Fixtures.job("index-a", "user-signup")).statusCode(201);
        }
        return Api.as(tenant)
                .body("{}")
                .post("/api/v1/jobs/user-signup/test")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    static String path(String key) {
        return "/api/v1/store/" + URLEncoder.encode(key, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static RequestSpecification store(Tenant tenant) {
        return given().urlEncodingEnabled(false).header("Authorization", tenant.bearer());
    }

    static Response put(Tenant tenant, String key, String value) {
        return store(tenant)
                .contentType("text/plain; charset=utf-8")
                .body(value)
                .put(path(key));
    }
}
