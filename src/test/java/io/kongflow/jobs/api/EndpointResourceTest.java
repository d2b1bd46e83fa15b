package io.kongflow.jobs.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;

import io.kongflow.jobs.support.FakeEndpoint;
import io.kongflow.jobs.support.Tenants;
import io.kongflow.jobs.support.Tenants.Tenant;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class EndpointResourceTest {

    static RequestSpecification as(Tenant tenant) {
        return given().contentType(ContentType.JSON).header("Authorization", tenant.bearer());
    }

    static void createEndpoint(Tenant tenant, String slug, String url) {
        as(tenant)
                .body(Map.of("id", slug, "url", url))
                .post("/api/v1/endpoints")
                .then()
                .statusCode(200)
                .body("slug", equalTo(slug))
                .body("url", equalTo(url))
                .body("endpointIndex.status", equalTo("PENDING"))
                .body("endpointIndex.source", equalTo("INTERNAL"));
    }

    @Test
    void upsertsListsGetsAndDeletesEndpoints() {
        Tenant tenant = Tenants.create();
        createEndpoint(tenant, "my-app", FakeEndpoint.empty());
        String moved = FakeEndpoint.empty();
        createEndpoint(tenant, "my-app", moved);
        as(tenant)
                .get("/api/v1/endpoints")
                .then()
                .statusCode(200)
                .body("$", hasSize(1))
                .body("[0].url", equalTo(moved))
                .body("[0].environmentId", equalTo(tenant.environmentId()))
                .body("[0].indexingHookIdentifier", matchesPattern("[A-Za-z0-9_-]{10}"));

        as(tenant).delete("/api/v1/endpoints/my-app").then().statusCode(200).body("url", nullValue());
        as(tenant).get("/api/v1/endpoints/my-app").then().statusCode(200).body("url", nullValue());
    }

    @Test
    void rejectsInvalidEndpointBodies() {
        Tenant tenant = Tenants.create();
        as(tenant)
                .body(Map.of("id", "bad id!", "url", "ftp://x"))
                .post("/api/v1/endpoints")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.path", org.hamcrest.Matchers.containsInAnyOrder("id", "url"));
        as(tenant)
                .contentType(ContentType.TEXT)
                .body("id=x")
                .post("/api/v1/endpoints")
                .then()
                .statusCode(415)
                .contentType("application/problem+json");
        as(tenant).get("/api/v1/endpoints").then().body("$", hasSize(0));
    }

    @Test
    void theSdkRegisterEndpointBodyIsKeyedOnItsName() {
        Tenant tenant = Tenants.create();
        String url = FakeEndpoint.empty();
        // What @trigger.dev/sdk 2.3.18's ApiClient.registerEndpoint({url, name}) sends.
        as(tenant)
                .body(Map.of("url", url, "name", "sdk-app"))
                .post("/api/v1/endpoints")
                .then()
                .statusCode(200)
                .body("slug", equalTo("sdk-app"))
                .body("url", equalTo(url));
        as(tenant).get("/api/v1/endpoints/sdk-app").then().statusCode(200).body("url", equalTo(url));
    }

    @Test
    void anEndpointWithoutIdOrNameIsRefusedAndNothingIsSaved() {
        Tenant tenant = Tenants.create();
        as(tenant)
                .body(Map.of("url", FakeEndpoint.empty()))
                .post("/api/v1/endpoints")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.path", org.hamcrest.Matchers.contains("id"));
        as(tenant)
                .body(Map.of("name", "bad name!", "url", FakeEndpoint.empty()))
                .post("/api/v1/endpoints")
                .then()
                .statusCode(400)
                .body("errors.path", org.hamcrest.Matchers.contains("name"));
        as(tenant).get("/api/v1/endpoints").then().body("$", hasSize(0));
    }

    @Test
    void anotherEnvironmentOrProjectCannotSeeOrChangeTheEndpoint() {
        Tenant owner = Tenants.create();
        Tenant sibling = owner.sibling("prod", "PRODUCTION");
        Tenant stranger = Tenants.create();
        String url = FakeEndpoint.empty();
        createEndpoint(owner, "private-app", url);

        for (Tenant other : new Tenant[] {sibling, stranger}) {
            as(other)
                    .get("/api/v1/endpoints/private-app")
                    .then()
                    .statusCode(404)
                    .contentType("application/problem+json");
            as(other).delete("/api/v1/endpoints/private-app").then().statusCode(404);
            as(other).get("/api/v1/endpoints").then().statusCode(200).body("$", hasSize(0));
        }
        as(owner).get("/api/v1/endpoints/private-app").then().statusCode(200).body("url", equalTo(url));
    }

    @Test
    void unknownRoutesAnswerProblems() {
        Tenant tenant = Tenants.create();
        as(tenant).get("/api/v1/no-such-route").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void oversizedBodyIsRejectedWith413() {
        Tenant tenant = Tenants.create();
        String huge = "x".repeat(1024 * 1024 + 1);
        as(tenant)
                .body(Map.of("id", "big", "url", "http://localhost/" + huge))
                .post("/api/v1/endpoints")
                .then()
                .statusCode(413)
                .contentType("application/problem+json")
                .body("status", equalTo(413));
        as(tenant).get("/api/v1/endpoints").then().body("$", hasSize(0));
    }
}
