package io.kongflow.jobs.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.kongflow.jobs.support.Api;
import io.kongflow.jobs.support.FakeEndpoint;
import io.kongflow.jobs.support.Fixtures;
import io.kongflow.jobs.support.PackagedAppSecrets;
import io.kongflow.jobs.support.Tenants;
import io.kongflow.jobs.support.Tenants.Tenant;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The packaged service (the jar in the normal build, the native executable with -Dnative), in the
 * production profile against a real PostgreSQL: start and migrations, auth, registration of the
 * real SDK fixtures, reads, indexing, a test run, validation, health, OpenAPI.
 */
@QuarkusIntegrationTest
@WithTestResource(PackagedAppSecrets.class)
class PackagedServiceIT {

    @Test
    void healthAndOpenApiAreServed() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/openapi?format=json").then().statusCode(200).body("info.title", equalTo("kongflow jobs API"));
    }

    @Test
    void authenticationIsRequired() {
        given().get("/api/v1/jobs").then().statusCode(401).contentType("application/problem+json");
        given().get("/api/admin/v1/organizations").then().statusCode(401);
    }

    @Test
    void registrationReadsIndexingAndATestRunWork() {
        Tenant tenant = Tenants.create();
        // The endpoint serves the jobs pushed below: its background index (queued by the
        // registration) must find them, or it would rightly disable them as missing.
        var served = (com.fasterxml.jackson.databind.node.ObjectNode) Fixtures.index("index-integrations");
        served.withArray("jobs").add(Fixtures.job("index-a", "user-signup"));
        Api.endpoint(tenant, "app", FakeEndpoint.serve(FakeEndpoint.indexing(served.toString())));
        for (var job : Fixtures.index("index-integrations").get("jobs")) {
            Api.register(tenant, "app", job).statusCode(org.hamcrest.Matchers.oneOf(200, 201));
        }
        Api.register(tenant, "app", Fixtures.job("index-a", "user-signup"))
                .statusCode(org.hamcrest.Matchers.oneOf(200, 201))
                .body("version.examples.id", contains("basic", "second"));
        Api.register(tenant, "app", Fixtures.job("index-a", "user-signup"))
                .statusCode(200)
                .body("modified", equalTo(false));
        Api.as(tenant)
                .get("/api/v1/jobs/sync-crm")
                .then()
                .statusCode(200)
                .body("latestVersion.queue.name", equalTo("group/crm-api"))
                .body("latestVersion.integrations.authSource", contains("HOSTED", "LOCAL"));
        Api.as(tenant).get("/api/v1/jobs").then().body("data.slug", contains("invoke-only", "sync-crm", "user-signup"));
        Api.as(tenant)
                .body(Map.of("payload", Map.of("email", "x@y.z")))
                .post("/api/v1/jobs/user-signup/test")
                .then()
                .statusCode(201)
                .body("number", equalTo(1))
                .body("event.eventId", startsWith("test:user.created:"));
        Api.as(tenant)
                .header("idempotency-key", "k-1")
                .body("{}")
                .post("/api/v1/jobs/invoke-only/invoke")
                .then()
                .statusCode(200);

        Api.endpoint(
                tenant,
                "indexed",
                FakeEndpoint.serve(
                        FakeEndpoint.indexing(Fixtures.index("index-a").toString())));
        Api.as(tenant)
                .body("{}")
                .post("/api/v1/endpoints/indexed/index")
                .then()
                .statusCode(200)
                .body("status", equalTo("SUCCESS"))
                .body("stats.jobs", equalTo(4));
    }

    @Test
    void badInputIsAProblemDocument() {
        Tenant tenant = Tenants.create();
        Api.endpoint(tenant, "app");
        Api.register(tenant, "app", Fixtures.parse("{\"id\": \"x\"}"))
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.path", org.hamcrest.Matchers.hasItem("trigger"));
    }
}
