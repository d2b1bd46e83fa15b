package io.kongflow.jobs.catalog;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kongflow.jobs.support.Api;
import io.kongflow.jobs.support.Database;
import io.kongflow.jobs.support.Fixtures;
import io.kongflow.jobs.support.Tenants;
import io.kongflow.jobs.support.Tenants.Tenant;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AliasTest {

    final Database database = Database.shared();

    private String dispatchedVersion(Tenant tenant) {
        return database.query("""
                SELECT v.version || ':' || array_to_string(d.event, ',') FROM event_dispatchers d
                JOIN job_versions v ON v.id = (d.dispatchable ->> 'id')::uuid WHERE d.environment_id = $1::uuid""", tenant.environmentId()).get(0).getString(0);
    }

    @Test
    void pinRollBackAndPromoteMoveTheDispatcherAndSurviveRedeploys() {
        Tenant tenant = Tenants.create();
        Api.endpoint(tenant, "app");
        var old = Fixtures.signup("pinned", "1.0.0");
        ((com.fasterxml.jackson.databind.node.ObjectNode) old.at("/trigger/rule")).put("event", "old.event");
        Api.register(tenant, "app", old).statusCode(201);
        Api.register(tenant, "app", Fixtures.signup("pinned", "2.0.0")).statusCode(201);
        assertEquals("2.0.0:user.created", dispatchedVersion(tenant));

        Api.as(tenant)
                .body(Map.of("version", "1.0.0"))
                .put("/api/v1/jobs/pinned/aliases/latest")
                .then()
                .statusCode(200)
                .body("name", equalTo("latest"))
                .body("version", equalTo("1.0.0"));
        assertEquals("1.0.0:old.event", dispatchedVersion(tenant), "the dispatcher follows latest");

        Api.register(tenant, "app", Fixtures.signup("pinned", "2.0.0"))
                .statusCode(200)
                .body("latestVersion", equalTo("1.0.0"));
        Api.register(tenant, "app", Fixtures.signup("pinned", "1.5.0"))
                .statusCode(201)
                .body("latestVersion", equalTo("1.0.0"));
        assertEquals("1.0.0:old.event", dispatchedVersion(tenant), "redeploying known versions keeps the rollback");

        Api.register(tenant, "app", Fixtures.signup("pinned", "2.1.0"))
                .statusCode(201)
                .body("latestVersion", equalTo("2.1.0"));
        assertEquals("2.1.0:user.created", dispatchedVersion(tenant), "a new highest version ends the rollback");

        Api.as(tenant)
                .body(Map.of("version", "1.5.0"))
                .put("/api/v1/jobs/pinned/aliases/stable")
                .then()
                .statusCode(200);
        Api.as(tenant)
                .get("/api/v1/jobs/pinned/aliases")
                .then()
                .statusCode(200)
                .body("name", contains("latest", "stable"))
                .body("version", contains("2.1.0", "1.5.0"));
        assertEquals("2.1.0:user.created", dispatchedVersion(tenant), "other aliases do not move the dispatcher");
    }

    @Test
    void unknownVersionsJobsAndBadBodiesAreRejected() {
        Tenant tenant = Tenants.create();
        Api.endpoint(tenant, "app");
        Api.register(tenant, "app", Fixtures.signup("aliased", "1.0.0")).statusCode(201);
        Api.as(tenant)
                .body(Map.of("version", "3.0.0"))
                .put("/api/v1/jobs/aliased/aliases/latest")
                .then()
                .statusCode(404);
        Api.as(tenant)
                .body(Map.of("version", "1.0.0"))
                .put("/api/v1/jobs/nope/aliases/latest")
                .then()
                .statusCode(404);
        Api.as(tenant)
                .body(Map.of())
                .put("/api/v1/jobs/aliased/aliases/latest")
                .then()
                .statusCode(400)
                .body("errors[0].path", equalTo("version"));
        Api.as(tenant)
                .body(Map.of("version", "1.0.0"))
                .put("/api/v1/jobs/aliased/aliases/bad name")
                .then()
                .statusCode(400);
        Api.as(tenant).get("/api/v1/jobs/nope/aliases").then().statusCode(404);
    }
}
