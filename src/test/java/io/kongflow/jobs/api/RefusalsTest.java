package io.kongflow.jobs.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.kongflow.jobs.support.Api;
import io.kongflow.jobs.support.TenantWithEndpoint;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Requests the service must refuse, each with a problem document that says why. */
@QuarkusTest
class RefusalsTest extends TenantWithEndpoint {

    @Test
    void aDeletedEndpointCannotBeIndexedNowOrByItsDeployHook() {
        String hook =
                Api.as(tenant).get("/api/v1/endpoints/app").then().extract().path("indexingHookIdentifier");
        Api.as(tenant).delete("/api/v1/endpoints/app").then().statusCode(200);
        Api.as(tenant)
                .body("{}")
                .post("/api/v1/endpoints/app/index")
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("detail", equalTo("Endpoint 'app' has been deleted; register it again first"));
        given().post("/api/v1/endpoints/{env}/app/index/{hook}", tenant.environmentId(), hook)
                .then()
                .statusCode(409);
        assertNoIndexQueuedAfterTheFirst();
    }

    private void assertNoIndexQueuedAfterTheFirst() {
        org.junit.jupiter.api.Assertions.assertEquals(
                1,
                database.count(
                        "SELECT count(*) FROM endpoint_indexes i "
                                + "JOIN endpoints e ON e.id = i.endpoint_id WHERE e.environment_id = $1::uuid",
                        tenant.environmentId()));
    }

    @Test
    void aSyncBodyWithoutAJobsArrayIsA400() {
        Api.as(tenant)
                .body("{\"jobs\": 3}")
                .put("/api/v1/endpoints/app/jobs")
                .then()
                .statusCode(400)
                .body("errors[0].path", equalTo("jobs"))
                .body("errors[0].message", equalTo("must be an array"));
        Api.as(tenant)
                .body("{}")
                .put("/api/v1/endpoints/app/jobs")
                .then()
                .statusCode(400)
                .body("errors[0].path", equalTo("jobs"))
                .body("errors[0].message", equalTo("is required"));
    }

    @Test
    void aBearerValueWithASpaceIsNoKey() {
        given().header("Authorization", "Bearer " + tenant.apiKey() + " extra")
                .get("/api/v1/jobs")
                .then()
                .statusCode(401)
                .contentType("application/problem+json");
    }
}
