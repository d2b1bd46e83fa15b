package io.kongflow.jobs.tenancy;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

import io.kongflow.jobs.support.Tenants;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AdminApiTest {

    @Test
    void adminRoutesRejectMissingAndWrongTokens() {
        given().get("/api/admin/v1/organizations").then().statusCode(401).contentType("application/problem+json");
        given().header("Authorization", "Bearer wrong-token")
                .get("/api/admin/v1/organizations")
                .then()
                .statusCode(401);
        given().contentType(ContentType.JSON)
                .header("Authorization", "Bearer wrong-token")
                .body(Map.of("slug", "sneaky", "title", "Sneaky"))
                .post("/api/admin/v1/organizations")
                .then()
                .statusCode(401);
        Tenants.admin()
                .get("/api/admin/v1/organizations")
                .then()
                .statusCode(200)
                .body("slug", org.hamcrest.Matchers.not(hasItem("sneaky")));
    }

    @Test
    void anEnvironmentKeyIsNotAnAdminToken() {
        var tenant = Tenants.create();
        given().header("Authorization", tenant.bearer())
                .get("/api/admin/v1/organizations")
                .then()
                .statusCode(401);
    }

    @Test
    void createsOrganizationProjectAndEnvironments() {
        String slug = "acme-" + UUID.randomUUID().toString().substring(0, 6);
        Tenants.admin()
                .body(Map.of("slug", slug, "title", "Acme"))
                .post("/api/admin/v1/organizations")
                .then()
                .statusCode(201)
                .body("slug", equalTo(slug))
                .body("runsEnabled", equalTo(true))
                .body("id", notNullValue());
        Tenants.admin()
                .body(Map.of("slug", slug + "-web", "name", "Web"))
                .post("/api/admin/v1/organizations/{o}/projects", slug)
                .then()
                .statusCode(201)
                .body("slug", equalTo(slug + "-web"));
        Tenants.admin()
                .body(Map.of("slug", "prod", "type", "PRODUCTION"))
                .post("/api/admin/v1/projects/{p}/environments", slug + "-web")
                .then()
                .statusCode(201)
                .body("type", equalTo("PRODUCTION"))
                .body("apiKey", org.hamcrest.Matchers.startsWith("tr_prod_"));
        Tenants.admin()
                .body(Map.of("slug", "preview", "type", "PREVIEW"))
                .post("/api/admin/v1/projects/{p}/environments", slug + "-web")
                .then()
                .statusCode(201)
                .body("apiKey", org.hamcrest.Matchers.startsWith("tr_prev_"));
        Tenants.admin()
                .get("/api/admin/v1/organizations/{o}/projects", slug)
                .then()
                .statusCode(200)
                .body("$", hasSize(1));
    }

    @Test
    void duplicatesAreConflicts() {
        var tenant = Tenants.create();
        Tenants.admin()
                .body(Map.of("slug", tenant.organizationSlug(), "title", "Again"))
                .post("/api/admin/v1/organizations")
                .then()
                .statusCode(409)
                .contentType("application/problem+json");
        Tenants.admin()
                .body(Map.of("slug", tenant.projectSlug(), "name", "Again"))
                .post("/api/admin/v1/organizations/{o}/projects", tenant.organizationSlug())
                .then()
                .statusCode(409);
        Tenants.admin()
                .body(Map.of("slug", "dev", "type", "DEVELOPMENT"))
                .post("/api/admin/v1/projects/{p}/environments", tenant.projectSlug())
                .then()
                .statusCode(409);
    }

    @Test
    void invalidBodiesNameEveryOffendingField() {
        Tenants.admin()
                .body(Map.of("slug", "Not A Slug!"))
                .post("/api/admin/v1/organizations")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.path", org.hamcrest.Matchers.containsInAnyOrder("slug", "title"));
        Tenants.admin()
                .body("{\"slug\": \"x\", \"type\": \"MARS\"}")
                .post("/api/admin/v1/projects/{p}/environments", "whatever")
                .then()
                .statusCode(400)
                .body("errors[0].path", equalTo("type"));
        Tenants.admin()
                .body("{not json")
                .post("/api/admin/v1/organizations")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void unknownParentsAndEnvironmentsAreNotFound() {
        Tenants.admin()
                .body(Map.of("slug", "p", "name", "P"))
                .post("/api/admin/v1/organizations/{o}/projects", "nope-" + UUID.randomUUID())
                .then()
                .statusCode(404);
        Tenants.admin()
                .post("/api/admin/v1/environments/{id}/rotate-key", UUID.randomUUID())
                .then()
                .statusCode(404);
    }
}
