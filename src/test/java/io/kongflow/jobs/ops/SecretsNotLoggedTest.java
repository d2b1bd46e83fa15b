package io.kongflow.jobs.ops;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kongflow.jobs.support.Api;
import io.kongflow.jobs.support.Fixtures;
import io.kongflow.jobs.support.Tenants;
import io.kongflow.jobs.support.Tenants.Tenant;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SecretsNotLoggedTest {

    @Test
    void keysAndTokensNeverReachTheLog() throws Exception {
        Tenant tenant = Tenants.create();
        Api.endpoint(tenant, "app");
        Api.register(tenant, "app", Fixtures.job("index-a", "user-signup")).statusCode(201);
        Api.as(tenant).body("{}").post("/api/v1/endpoints/app/index").then().statusCode(200);
        String wrongKey = "tr_dev_wrongwrongwrongwrongwrongwrong99";
        given().header("Authorization", "Bearer " + wrongKey)
                .get("/api/v1/jobs")
                .then()
                .statusCode(401);
        String rotated = Tenants.admin()
                .post("/api/admin/v1/environments/{id}/rotate-key", tenant.environmentId())
                .then()
                .statusCode(200)
                .extract()
                .path("apiKey");
        given().header("Authorization", "Bearer " + rotated)
                .get("/api/v1/jobs/nope")
                .then()
                .statusCode(404);
        String named = Tenants.admin()
                .body(java.util.Map.of("name", "reader", "scopes", java.util.List.of("read")))
                .post("/api/admin/v1/environments/{id}/keys", tenant.environmentId())
                .then()
                .statusCode(201)
                .extract()
                .path("apiKey");
        given().header("Authorization", "Bearer " + named)
                .delete("/api/v1/jobs/user-signup")
                .then()
                .statusCode(403);

        Path log = Path.of("target/kongflow-test.log");
        assertTrue(Files.exists(log), "the test log file is written");
        String text = Files.readString(log);
        assertTrue(text.contains("request-id="), "requests are logged");
        for (String secret : new String[] {tenant.apiKey(), wrongKey, rotated, named, Tenants.ADMIN_TOKEN}) {
            assertFalse(text.contains(secret), "a secret is in the log");
        }
    }
}
