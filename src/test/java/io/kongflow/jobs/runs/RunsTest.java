package io.kongflow.jobs.runs;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kongflow.jobs.support.Api;
import io.kongflow.jobs.support.Database;
import io.kongflow.jobs.support.Fixtures;
import io.kongflow.jobs.support.Tenants;
import io.kongflow.jobs.support.Tenants.Tenant;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class RunsTest {

    final Database database = Database.shared();

    Tenant tenant;

    @BeforeEach
    void registeredJob() {
        tenant = Tenants.create();
        Api.endpoint(tenant, "app");
        Api.register(tenant, "app", Fixtures.job("index-a", "user-signup")).statusCode(201);
    }

    private long rows(String table) {
        return database.count(
                "SELECT count(*) FROM " + table + " WHERE environment_id = $1::uuid", tenant.environmentId());
    }

    @Test
    void testRunsTheLatestVersionWithATestEvent() {
        Api.as(tenant)
                .body(Map.of("payload", Map.of("email", "t@b.c")))
                .post("/api/v1/jobs/user-signup/test")
                .then()
                .statusCode(201)
                .body("number", equalTo(1))
                .body("status", equalTo("QUEUED"))
                .body("isTest", equalTo(true))
                .body("internal", equalTo(false))
                .body("preprocess", equalTo(false))
                .body("version.version", equalTo("1.0.0"))
                .body("queue.name", equalTo("default"))
                .body("event.eventId", startsWith("test:user.created:"))
                .body("event.name", equalTo("user.created"))
                .body("event.source", equalTo("trigger.dev"))
                .body("event.payload.email", equalTo("t@b.c"))
                .body("event.isTest", equalTo(true))
                .body("queuedAt", org.hamcrest.Matchers.notNullValue());
        Api.as(tenant)
                .body("{}")
                .post("/api/v1/jobs/user-signup/test")
                .then()
                .statusCode(201)
                .body("number", equalTo(2))
                .body("event.payload", equalTo(Map.of()));
    }

    @Test
    void testOfANamedVersionAndOfForeignOrDisabledVersions() {
        Api.register(tenant, "app", Fixtures.job("index-b", "user-signup")).statusCode(201);
        Api.as(tenant)
                .body(Map.of("version", "1.0.0"))
                .post("/api/v1/jobs/user-signup/test")
                .then()
                .statusCode(201)
                .body("version.version", equalTo("1.0.0"));
        Api.as(tenant)
                .body(Map.of("version", "9.0.0"))
                .post("/api/v1/jobs/user-signup/test")
                .then()
                .statusCode(404);

        Tenant production = tenant.sibling("prod", "PRODUCTION");
        Api.as(production)
                .body(Map.of("version", "1.1.0"))
                .post("/api/v1/jobs/user-signup/test")
                .then()
                .statusCode(404);
        Api.as(production)
                .body("{}")
                .post("/api/v1/jobs/user-signup/test")
                .then()
                .statusCode(404);
        Api.as(Tenants.create())
                .body("{}")
                .post("/api/v1/jobs/user-signup/test")
                .then()
                .statusCode(404);

        var disabled = Fixtures.job("index-b", "user-signup");
        disabled.put("enabled", false);
        Api.register(tenant, "app", disabled).statusCode(200);
        long runs = rows("job_runs");
        Api.as(tenant)
                .body(Map.of("version", "1.1.0"))
                .post("/api/v1/jobs/user-signup/test")
                .then()
                .statusCode(409)
                .contentType("application/problem+json");
        assertEquals(runs, rows("job_runs"));
    }

    @Test
    void runsDisabledOrDeletedEndpointRefuseAndWriteNothing() {
        database.query("UPDATE organizations SET runs_enabled = false WHERE slug = $1", tenant.organizationSlug());
        Api.as(tenant).body("{}").post("/api/v1/jobs/user-signup/test").then().statusCode(409);
        Api.as(tenant).body("{}").post("/api/v1/jobs/user-signup/invoke").then().statusCode(409);
        database.query("UPDATE organizations SET runs_enabled = true WHERE slug = $1", tenant.organizationSlug());

        Api.as(tenant).delete("/api/v1/endpoints/app").then().statusCode(200);
        Api.as(tenant)
                .body("{}")
                .post("/api/v1/jobs/user-signup/test")
                .then()
                .statusCode(409)
                .body("detail", org.hamcrest.Matchers.containsString("endpoint"));
        assertEquals(0, rows("job_runs"));
        assertEquals(0, rows("event_records"));
    }

    @Test
    void invokeWithAnIdempotencyKeyAnswersTheSameRunAndWritesNothingNew() {
        String first = Api.as(tenant)
                .header("idempotency-key", "order-42")
                .body(Map.of("payload", Map.of("id", 42), "options", Map.of("callbackUrl", "https://example.com/cb")))
                .post("/api/v1/jobs/user-signup/invoke")
                .then()
                .statusCode(200)
                .header("Idempotent-Replayed", nullValue())
                .body("isTest", equalTo(false))
                .body("event.eventId", equalTo("order-42"))
                .body("event.name", equalTo("invoke"))
                .body("event.payload.id", equalTo(42))
                .body("callbackUrls", contains("https://example.com/cb"))
                .extract()
                .path("id");
        Api.as(tenant)
                .header("idempotency-key", "order-42")
                .body(Map.of("payload", Map.of("id", 43)))
                .post("/api/v1/jobs/user-signup/invoke")
                .then()
                .statusCode(200)
                .header("Idempotent-Replayed", equalTo("true"))
                .body("id", equalTo(first))
                .body("event.payload.id", equalTo(42));
        assertEquals(1, rows("job_runs"));
        assertEquals(1, rows("event_records"));

        Api.as(tenant)
                .body("{}")
                .post("/api/v1/jobs/user-signup/invoke")
                .then()
                .statusCode(200)
                .body("number", equalTo(2));
        Api.as(tenant).body("{}").post("/api/v1/jobs/nope/invoke").then().statusCode(404);
        Api.as(tenant)
                .body(Map.of("options", Map.of("callbackUrl", "not a url")))
                .post("/api/v1/jobs/user-signup/invoke")
                .then()
                .statusCode(400)
                .body("errors[0].path", equalTo("options.callbackUrl"));
    }

    @Test
    void runsAreListedNewestFirstWithACursorAndReadById() {
        for (int i = 0; i < 5; i++) {
            Api.as(tenant)
                    .body("{}")
                    .post("/api/v1/jobs/user-signup/test")
                    .then()
                    .statusCode(201);
        }
        var page = Api.as(tenant)
                .queryParam("take", 3)
                .get("/api/v1/jobs/user-signup/runs")
                .then()
                .statusCode(200)
                .body("runs.number", contains(5, 4, 3))
                .body("runs[0].isTest", equalTo(true))
                .extract()
                .jsonPath();
        Api.as(tenant)
                .queryParam("take", 3)
                .queryParam("cursor", page.getString("nextCursor"))
                .get("/api/v1/jobs/user-signup/runs")
                .then()
                .body("runs.number", contains(2, 1))
                .body("$", not(hasKey("nextCursor"))); // absent, not null: the v2 SDK's getRuns refuses null
        Api.as(tenant)
                .queryParam("take", 51)
                .get("/api/v1/jobs/user-signup/runs")
                .then()
                .statusCode(400);

        String id = page.getString("runs[0].id");
        Api.as(tenant)
                .get("/api/v1/runs/{id}", id)
                .then()
                .statusCode(200)
                .body("number", equalTo(5))
                .body("job.slug", equalTo("user-signup"));
        Api.as(tenant.sibling("prod", "PRODUCTION"))
                .get("/api/v1/runs/{id}", id)
                .then()
                .statusCode(404);
        Api.as(Tenants.create()).get("/api/v1/runs/{id}", id).then().statusCode(404);
        Api.as(Tenants.create()).get("/api/v1/jobs/user-signup/runs").then().statusCode(404);
    }

    @Test
    void cancelStopsUnfinishedRunsOfTheCallersEnvironmentOnly() throws Throwable {
        String done = Api.as(tenant)
                .body("{}")
                .post("/api/v1/jobs/user-signup/test")
                .then()
                .extract()
                .path("id");
        String open = Api.as(tenant)
                .body("{}")
                .post("/api/v1/jobs/user-signup/test")
                .then()
                .extract()
                .path("id");
        database.query("UPDATE job_runs SET status = 'SUCCESS', completed_at = now() WHERE id = $1::uuid", done);

        Tenant production = tenant.sibling("prod", "PRODUCTION");
        Api.endpoint(production, "app");
        Api.register(production, "app", Fixtures.job("index-a", "user-signup")).statusCode(201);
        String elsewhere = Api.as(production)
                .body("{}")
                .post("/api/v1/jobs/user-signup/test")
                .then()
                .extract()
                .path("id");

        Api.as(tenant)
                .post("/api/v1/jobs/user-signup/cancel-runs")
                .then()
                .statusCode(200)
                .body("cancelledRunIds", contains(open))
                .body("failedToCancelRunIds", empty());
        Api.as(tenant).get("/api/v1/runs/{id}", done).then().body("status", equalTo("SUCCESS"));
        Api.as(tenant)
                .get("/api/v1/runs/{id}", open)
                .then()
                .body("status", equalTo("CANCELED"))
                .body("completedAt", org.hamcrest.Matchers.notNullValue());
        Api.as(production).get("/api/v1/runs/{id}", elsewhere).then().body("status", equalTo("QUEUED"));
        Api.as(tenant).post("/api/v1/jobs/user-signup/cancel-runs").then().body("cancelledRunIds", hasSize(0));
        Api.as(tenant).post("/api/v1/jobs/nope/cancel-runs").then().statusCode(404);
    }
}
