package io.kongflow.jobs.tenancy;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kongflow.jobs.support.Api;
import io.kongflow.jobs.support.Fixtures;
import io.kongflow.jobs.support.OpenApiOperations;
import io.kongflow.jobs.support.OpenApiOperations.Operation;
import io.kongflow.jobs.support.Tenants;
import io.kongflow.jobs.support.Tenants.Tenant;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ScopedKeysTest {

    /** How far ahead the short-lived key expires: generous, so that its first use is answered before then. */
    private static final long EXPIRY_MARGIN_SECONDS = 5;

    private static List<Operation> scopedOperations() {
        return OpenApiOperations.all().stream()
                .filter(operation -> operation.path().startsWith("/api/v1/"))
                .toList();
    }

    private static String key(Tenant tenant, String name, List<String> scopes, Instant expiresAt) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("name", name, "scopes", scopes));
        if (expiresAt != null) {
            body.put("expiresAt", expiresAt.toString());
        }
        return Tenants.admin()
                .body(body)
                .post("/api/admin/v1/environments/{id}/keys", tenant.environmentId())
                .then()
                .statusCode(201)
                .body("name", equalTo(name))
                .extract()
                .path("apiKey");
    }

    private static String concrete(String path) {
        return path.replaceAll("\\{[^}]+}", UUID.randomUUID().toString());
    }

    @Test
    void everyApiOperationDeclaresOneScopeExceptTheDeployHookAndTaskCallbacks() {
        for (Operation operation : scopedOperations()) {
            if (operation.path().endsWith("/index/{hookIdentifier}")) {
                assertEquals(null, operation.scope(), "the deploy hook takes no key");
            } else if (operation.path().endsWith("/callback/{secret}")) {
                assertEquals(null, operation.scope(), "a task's callback takes no key: its secret is the credential");
            } else {
                assertTrue(List.of("read", "write", "delete").contains(operation.scope()), operation.toString());
            }
        }
    }

    @Test
    void aReadOnlyKeyReadsButIsForbiddenEveryWriteAndDelete() {
        Tenant tenant = Tenants.create();
        Api.endpoint(tenant, "app");
        Api.register(tenant, "app", Fixtures.job("index-a", "user-signup")).statusCode(201);
        String readOnly = key(tenant, "reader", List.of("read"), null);
        assertTrue(readOnly.startsWith("tr_dev_"));

        given().header("Authorization", "Bearer " + readOnly)
                .get("/api/v1/jobs")
                .then()
                .statusCode(200)
                .body("data.slug", contains("user-signup"));
        given().header("Authorization", "Bearer " + readOnly)
                .get("/api/v1/jobs/user-signup")
                .then()
                .statusCode(200);
        int checked = 0;
        for (Operation operation : scopedOperations()) {
            if ("write".equals(operation.scope()) || "delete".equals(operation.scope())) {
                given().header("Authorization", "Bearer " + readOnly)
                        .contentType("application/json")
                        .body("{}")
                        .request(operation.method(), concrete(operation.path()))
                        .then()
                        .statusCode(403)
                        .contentType("application/problem+json")
                        .body("detail", containsString("'" + operation.scope() + "'"));
                checked++;
            }
        }
        assertTrue(checked >= 12, "write and delete operations found: " + checked);
        Api.as(tenant).get("/api/v1/jobs/user-signup").then().statusCode(200);
    }

    @Test
    void aWriteKeyWritesButCannotDelete() {
        Tenant tenant = Tenants.create();
        Api.endpoint(tenant, "app");
        String writer = key(tenant, "deployer", List.of("read", "write"), null);
        given().header("Authorization", "Bearer " + writer)
                .contentType("application/json")
                .body(Fixtures.job("index-a", "legacy-cleanup").toString())
                .post("/api/v1/endpoints/app/jobs")
                .then()
                .statusCode(201);
        given().header("Authorization", "Bearer " + writer)
                .delete("/api/v1/jobs/legacy-cleanup")
                .then()
                .statusCode(403);
        given().header("Authorization", "Bearer " + writer)
                .post("/api/v1/jobs/legacy-cleanup/cancel-runs")
                .then()
                .statusCode(403);
    }

    @Test
    void revokedAndExpiredKeysAreRefused() throws InterruptedException {
        Tenant tenant = Tenants.create();
        String reader = key(tenant, "temporary", List.of("read"), null);
        given().header("Authorization", "Bearer " + reader)
                .get("/api/v1/jobs")
                .then()
                .statusCode(200);
        String id = Tenants.admin()
                .get("/api/admin/v1/environments/{id}/keys", tenant.environmentId())
                .then()
                .statusCode(200)
                .body("[0].name", equalTo("temporary"))
                .body("[0]", not(hasKey("apiKey")))
                .body("[0].scopes", contains("read"))
                .extract()
                .path("[0].id");
        Tenants.admin()
                .delete("/api/admin/v1/environments/{env}/keys/{key}", tenant.environmentId(), id)
                .then()
                .statusCode(204);
        given().header("Authorization", "Bearer " + reader)
                .get("/api/v1/jobs")
                .then()
                .statusCode(401);
        Tenants.admin()
                .delete("/api/admin/v1/environments/{env}/keys/{key}", tenant.environmentId(), id)
                .then()
                .statusCode(404);

        // A short-lived key works (and is cached) until its expiry, and is refused from then on. The expiry is
        // the one thing that happens on the clock here, so the test uses the key repeatedly and judges each
        // answer by when it was asked: answered before the expiry means 200, asked after it means 401.
        Instant expiresAt = Instant.now().plusSeconds(EXPIRY_MARGIN_SECONDS);
        String shortLived = key(tenant, "short-lived", List.of("read"), expiresAt);
        int acceptedBeforeExpiry = 0;
        Instant deadline = expiresAt.plusSeconds(60);
        while (true) {
            Instant askedAt = Instant.now();
            int status = given().header("Authorization", "Bearer " + shortLived)
                    .get("/api/v1/jobs")
                    .statusCode();
            Instant answeredAt = Instant.now();
            if (askedAt.isAfter(expiresAt)) {
                assertEquals(401, status, "the key was still accepted after its expiry at " + expiresAt);
                break;
            }
            if (answeredAt.isBefore(expiresAt)) {
                assertEquals(200, status, "the key was refused before its expiry at " + expiresAt);
                acceptedBeforeExpiry++;
            }
            assertTrue(answeredAt.isBefore(deadline), "no answer to judge within 60 s of the expiry");
            Thread.sleep(100); // pacing between uses of the key, not synchronisation
        }
        assertTrue(
                acceptedBeforeExpiry > 0,
                "no request was answered before the expiry at " + expiresAt
                        + " (first answer came too late to judge; raise EXPIRY_MARGIN_SECONDS)");
        Api.as(tenant).get("/api/v1/jobs").then().statusCode(200);
    }

    @Test
    void keysAreValidatedAndNamedOncePerEnvironment() {
        Tenant tenant = Tenants.create();
        key(tenant, "ci", List.of("read"), null);
        Tenants.admin()
                .body(Map.of("name", "ci", "scopes", List.of("read")))
                .post("/api/admin/v1/environments/{id}/keys", tenant.environmentId())
                .then()
                .statusCode(409);
        Tenants.admin()
                .body(Map.of("name", "other", "scopes", List.of()))
                .post("/api/admin/v1/environments/{id}/keys", tenant.environmentId())
                .then()
                .statusCode(400)
                .body("errors[0].path", equalTo("scopes"));
        Tenants.admin()
                .body(Map.of("name", "other", "scopes", List.of("admin")))
                .post("/api/admin/v1/environments/{id}/keys", tenant.environmentId())
                .then()
                .statusCode(400);
        Tenants.admin()
                .body(Map.of("name", "old", "scopes", List.of("read"), "expiresAt", "2020-01-01T00:00:00Z"))
                .post("/api/admin/v1/environments/{id}/keys", tenant.environmentId())
                .then()
                .statusCode(400)
                .body("errors[0].path", equalTo("expiresAt"));
        Tenants.admin()
                .body(Map.of("name", "x", "scopes", List.of("read")))
                .post("/api/admin/v1/environments/{id}/keys", UUID.randomUUID())
                .then()
                .statusCode(404);
        assertFalse(
                Tenants.admin()
                        .get("/api/admin/v1/environments/{id}/keys", tenant.environmentId())
                        .asString()
                        .contains("tr_dev_"),
                "secrets are never listed");
    }
}
