package io.kongflow.jobs.indexing;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kongflow.jobs.support.Api;
import io.kongflow.jobs.support.Database;
import io.kongflow.jobs.support.FakeEndpoint;
import io.kongflow.jobs.support.FakeEndpoint.Reply;
import io.kongflow.jobs.support.Fixtures;
import io.kongflow.jobs.support.IndexStats;
import io.kongflow.jobs.support.Tenants;
import io.kongflow.jobs.support.Tenants.Tenant;
import io.kongflow.jobs.tenancy.ApiKeys;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class IndexingTest {

    final Database database = Database.shared();

    Tenant tenant;

    @BeforeEach
    void newTenant() {
        tenant = Tenants.create();
    }

    private io.restassured.response.ValidatableResponse index(String slug) {
        return Api.as(tenant)
                .body(Map.of("reason", "test"))
                .post("/api/v1/endpoints/{slug}/index", slug)
                .then();
    }

    @Test
    void pingPresentsTheEnvironmentKeyAndEndpointId() {
        String url = Api.endpoint(tenant, "app");
        var ping = FakeEndpoint.received(url).get(0);
        assertEquals("PING", ping.action());
        assertEquals("app", ping.endpointId());
        assertEquals(ApiKeys.hash(tenant.apiKey()), ApiKeys.hash(ping.apiKey()), "the caller environment's key");
    }

    @Test
    void pingRefusalOrUnreachableEndpointIsA400AndSavesNothing() {
        String mismatch = FakeEndpoint.serve(action ->
                Reply.json(200, "{\"ok\":false,\"error\":\"Endpoint ID mismatch error. Expected other, got app\"}"));
        Api.as(tenant)
                .body(Map.of("id", "app", "url", mismatch))
                .post("/api/v1/endpoints")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", equalTo("Endpoint ID mismatch error. Expected other, got app"));
        Api.as(tenant)
                .body(Map.of("id", "app", "url", "http://127.0.0.1:9/down"))
                .post("/api/v1/endpoints")
                .then()
                .statusCode(400)
                .body("detail", containsString("Could not connect to endpoint http://127.0.0.1:9/down"));
        Api.as(tenant).get("/api/v1/endpoints").then().body("$", hasSize(0));
    }

    @Test
    void indexRegistersEveryJobWithExactStatsAndStoresTheSdkVersion() {
        Api.endpoint(
                tenant,
                "app",
                FakeEndpoint.serve(
                        FakeEndpoint.indexing(Fixtures.index("index-a").toString())));
        index("app")
                .statusCode(200)
                .body("status", equalTo("SUCCESS"))
                .body("source", equalTo("API"))
                .body("reason", equalTo("test"))
                .body("stats", equalTo(IndexStats.of(4, 0, 0, 0)));
        Api.as(tenant)
                .get("/api/v1/endpoints/app")
                .then()
                .body("version", equalTo("2023-09-29"))
                .body("sdkVersion", equalTo("2.3.18"));
        Api.as(tenant).get("/api/v1/jobs").then().body("data", hasSize(4));
    }

    @Test
    void oneInvalidJobFailsAloneAndIsRecorded() {
        ObjectNode answer = (ObjectNode) Fixtures.index("index-a");
        ((ObjectNode) answer.withArray("jobs").get(2)).put("concurrencyLimit", "lots");
        Api.endpoint(tenant, "app", FakeEndpoint.serve(FakeEndpoint.indexing(answer.toString())));
        index("app")
                .statusCode(200)
                .body("status", equalTo("SUCCESS"))
                .body("stats.jobs", equalTo(3))
                .body("stats.failedJobs", equalTo(1))
                .body("error.failedJobs[0].id", equalTo("poller"))
                .body("error.failedJobs[0].errors[0].path", equalTo("jobs[2].concurrencyLimit"));
        Api.as(tenant).get("/api/v1/jobs").then().body("data", hasSize(3));
    }

    @Test
    void nextDeployDisablesThisEndpointsMissingJobsOnly() {
        String url = Api.endpoint(
                tenant,
                "app",
                FakeEndpoint.serve(
                        FakeEndpoint.indexing(Fixtures.index("index-a").toString())));
        Api.endpoint(tenant, "other");
        Api.register(tenant, "other", Fixtures.signup("elsewhere", "1.0.0")).statusCode(201);
        index("app").body("status", equalTo("SUCCESS"));

        FakeEndpoint.replace(
                url, FakeEndpoint.indexing(Fixtures.index("index-b").toString()));
        index("app")
                .body("status", equalTo("SUCCESS"))
                .body("stats.jobs", equalTo(3))
                .body("stats.disabledJobs", equalTo(2));
        assertEquals("DISABLED", database.latestStatus(tenant.environmentId(), "legacy-cleanup"));
        assertEquals("ACTIVE", database.latestStatus(tenant.environmentId(), "user-signup"));
        assertEquals("ACTIVE", database.latestStatus(tenant.environmentId(), "elsewhere"));
        Api.as(tenant).get("/api/v1/jobs/user-signup").then().body("latestVersion.version", equalTo("1.1.0"));
    }

    @Test
    void redirectsAreFollowedAndTheNewUrlPersisted() {
        String target = FakeEndpoint.serve(
                FakeEndpoint.indexing(Fixtures.index("index-integrations").toString()));
        String hop = FakeEndpoint.serve(action -> new Reply(307, Map.of("location", target), null, 0));
        String origin = FakeEndpoint.serve(action -> "PING".equals(action)
                ? Reply.json(200, "{\"ok\":true}")
                : new Reply(301, Map.of("location", hop), null, 0));
        Api.endpoint(tenant, "app", origin);
        index("app").body("status", equalTo("SUCCESS")).body("stats.jobs", equalTo(2));
        Api.as(tenant).get("/api/v1/endpoints/app").then().body("url", equalTo(target));
    }

    @Test
    void tooManyRedirectsFail() {
        String[] loop = new String[1];
        loop[0] = FakeEndpoint.serve(action -> "PING".equals(action)
                ? Reply.json(200, "{\"ok\":true}")
                : new Reply(302, Map.of("location", loop[0]), null, 0));
        Api.endpoint(tenant, "app", loop[0]);
        index("app").body("status", equalTo("FAILURE")).body("error.message", containsString("redirected more than 5"));
    }

    @Test
    void endpointErrorsEndInFailureWithTheirMessage() {
        String url = Api.endpoint(tenant, "app");
        FakeEndpoint.replace(url, action -> Reply.json(401, "{\"message\":\"Forbidden: client apiKey mismatch\"}"));
        index("app")
                .statusCode(200)
                .body("status", equalTo("FAILURE"))
                .body("error.message", equalTo("Forbidden: client apiKey mismatch"));

        FakeEndpoint.replace(url, action -> Reply.json(500, "{}"));
        index("app")
                .body("status", equalTo("FAILURE"))
                .body("error.message", equalTo("Could not connect to endpoint " + url + ". Status code: 500"));

        FakeEndpoint.replace(url, action -> Reply.json(200, "{\"jobs\": 3}"));
        index("app").body("status", equalTo("FAILURE")).body("error.message", containsString("jobs must be an array"));

        FakeEndpoint.replace(url, action -> Reply.json(200, "not json"));
        index("app").body("status", equalTo("FAILURE")).body("error.message", containsString("JSON"));
    }

    @Test
    void aSlowEndpointTimesOutInsteadOfHangingTheRequest() {
        String url = Api.endpoint(tenant, "app");
        FakeEndpoint.replace(url, action -> new Reply(200, Map.of(), "{\"jobs\":[]}", 6_000));
        long started = System.nanoTime();
        index("app")
                .statusCode(200)
                .body("status", equalTo("FAILURE"))
                .body("error.message", containsString("no answer within"));
        assertTrue((System.nanoTime() - started) / 1_000_000 < 5_000, "answered after the 2 s test timeout");
    }

    @Test
    void indexesAreReadableByTheirEnvironmentOnly() {
        Api.endpoint(tenant, "app");
        String id = index("app").extract().path("id");
        Api.as(tenant)
                .get("/api/v1/endpointindex/{id}", id)
                .then()
                .statusCode(200)
                .body("status", equalTo("SUCCESS"))
                .body("stats.jobs", equalTo(0));
        Api.as(tenant.sibling("prod", "PRODUCTION"))
                .get("/api/v1/endpointindex/{id}", id)
                .then()
                .statusCode(404);
        Api.as(Tenants.create()).get("/api/v1/endpointindex/{id}", id).then().statusCode(404);
        Api.as(Tenants.create()).post("/api/v1/endpoints/app/index").then().statusCode(404);
    }

    @Test
    void deployHookQueuesAnIndexOnlyWithTheRightIdentifier() {
        Api.endpoint(tenant, "app");
        String hook =
                Api.as(tenant).get("/api/v1/endpoints/app").then().extract().path("indexingHookIdentifier");
        io.restassured.RestAssured.given()
                .post("/api/v1/endpoints/{env}/app/index/{hook}", tenant.environmentId(), hook)
                .then()
                .statusCode(202)
                .body("status", equalTo("PENDING"))
                .body("source", equalTo("HOOK"));
        io.restassured.RestAssured.given()
                .get("/api/v1/endpoints/{env}/app/index/{hook}", tenant.environmentId(), hook)
                .then()
                .statusCode(202);
        io.restassured.RestAssured.given()
                .post("/api/v1/endpoints/{env}/app/index/{hook}", tenant.environmentId(), "wrongwrong")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        io.restassured.RestAssured.given()
                .post("/api/v1/endpoints/{env}/app/index/{hook}", "not-a-uuid", hook)
                .then()
                .statusCode(404);
        assertEquals(2, database.count("""
                SELECT count(*) FROM endpoint_indexes i JOIN endpoints e ON e.id = i.endpoint_id
                WHERE e.environment_id = $1::uuid AND i.source = 'HOOK'""", tenant.environmentId()));
    }
}
