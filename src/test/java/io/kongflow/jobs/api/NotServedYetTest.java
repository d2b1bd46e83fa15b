package io.kongflow.jobs.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.kongflow.jobs.support.Api;
import io.kongflow.jobs.support.Database;
import io.kongflow.jobs.support.Tenants;
import io.kongflow.jobs.support.Tenants.Tenant;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The v2 routes this release does not serve answer, to a caller with a key, a problem that names
 * the feature (the SDK throws its {@code error}), write nothing, and are not in the OpenAPI document.
 */
@QuarkusTest
class NotServedYetTest {

    private record Route(String method, String path, String feature) {}

    private static final List<Route> ROUTES = List.of(
            new Route("GET", "/api/v1/store/some%2Fkey", "The key-value store"),
            new Route("PUT", "/api/v1/store/some-key", "The key-value store"),
            new Route("DELETE", "/api/v1/store/some-key", "The key-value store"),
            new Route("POST", "/api/v1/my-app/schedules/dynamic-1/registrations", "Dynamic schedules"),
            new Route("DELETE", "/api/v1/my-app/schedules/dynamic-1/registrations/k", "Dynamic schedules"));

    final Database database = Database.shared();

    @Test
    void eachRouteNamesTheFeatureNotServedYetAndChangesNothing() {
        Tenant tenant = Tenants.create();
        Map<String, String> before = database.snapshot();
        for (Route route : ROUTES) {
            Api.as(tenant)
                    .body(Map.of("name", "user.created", "payload", Map.of("id", 1)))
                    .request(route.method(), route.path())
                    .then()
                    .statusCode(404)
                    .contentType("application/problem+json")
                    .body("title", equalTo("Not Served Yet"))
                    .body("error", startsWith(route.feature()))
                    .body(
                            "error",
                            endsWith(" not served yet by kongflow jobs (see the README's \"What is not served yet\")"));
        }
        assertEquals(before, database.snapshot());
    }

    @Test
    void withoutAKeyTheyAnswer401AndTheDocumentDoesNotListThem() {
        given().contentType("application/json")
                .body("{}")
                .put("/api/v1/store/some-key")
                .then()
                .statusCode(401);
        String document = given().get("/q/openapi?format=json")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        for (String path : List.of("\"/api/v1/store", "/schedules/")) {
            assertFalse(document.contains(path), path + " is documented");
        }
    }
}
