package io.kongflow.jobs.tenancy;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kongflow.jobs.support.Database;
import io.kongflow.jobs.support.Tenants;
import io.kongflow.jobs.support.Tenants.Tenant;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
class ApiKeyAuthenticationTest {

    final Database database = Database.shared();

    @Test
    void requestWithoutAuthorizationIsRejectedWithProblem() {
        given().get("/api/v1/endpoints")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .body("status", equalTo(401))
                .body("title", equalTo("Unauthorized"))
                .body("error", containsString("Authorization"))
                .body("instance", org.hamcrest.Matchers.startsWith("urn:kongflow:request:"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Basic dXNlcjpwYXNz", "Bearer", "Bearer ", "Bearer two words", "tr_dev_abc"})
    void malformedAuthorizationHeaderIsRejected(String header) {
        given().header("Authorization", header)
                .get("/api/v1/endpoints")
                .then()
                .statusCode(401)
                .contentType("application/problem+json");
    }

    @Test
    void unknownKeyIsRejected() {
        given().header("Authorization", "Bearer tr_dev_thisKeyDoesNotExistAnywhere0000")
                .get("/api/v1/endpoints")
                .then()
                .statusCode(401)
                .body("detail", equalTo("Invalid API key"));
    }

    @Test
    void environmentKeyHasTypePrefixAndIsStoredOnlyAsHash() {
        Tenant tenant = Tenants.create();
        assertTrue(tenant.apiKey().matches("tr_dev_[A-Za-z0-9]{32}"), tenant.apiKey());

        var stored = database.query(
                        "SELECT api_key_hash FROM runtime_environments WHERE id = $1::uuid", tenant.environmentId())
                .get(0)
                .getString(0);
        assertEquals(ApiKeys.hash(tenant.apiKey()), stored);
        assertFalse(stored.contains(tenant.apiKey()));
        assertEquals(
                0,
                database.count("SELECT count(*) FROM runtime_environments WHERE api_key_hash = $1", tenant.apiKey()));
        given().header("Authorization", tenant.bearer())
                .get("/api/v1/endpoints")
                .then()
                .statusCode(200);
    }

    @Test
    void rotationReplacesTheKeyAndInvalidatesTheOldOne() {
        Tenant tenant = Tenants.create();
        String newKey = Tenants.admin()
                .post("/api/admin/v1/environments/{id}/rotate-key", tenant.environmentId())
                .then()
                .statusCode(200)
                .extract()
                .path("apiKey");

        given().header("Authorization", tenant.bearer())
                .get("/api/v1/endpoints")
                .then()
                .statusCode(401);
        given().header("Authorization", "Bearer " + newKey)
                .get("/api/v1/endpoints")
                .then()
                .statusCode(200);
    }

    @Test
    void keysAreNeverListed() {
        Tenant tenant = Tenants.create();
        Tenants.admin()
                .get("/api/admin/v1/projects/{p}/environments", tenant.projectSlug())
                .then()
                .statusCode(200)
                .body("size()", equalTo(1))
                .body("[0].id", equalTo(tenant.environmentId()))
                .body("[0]", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasKey("apiKey")));
    }
}
