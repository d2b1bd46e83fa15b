package io.kongflow.jobs.registration;

import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kongflow.jobs.support.Api;
import io.kongflow.jobs.support.Fixtures;
import io.kongflow.jobs.support.TenantWithEndpoint;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class RegistrationValidationTest extends TenantWithEndpoint {

    private void assertNothingWritten() {
        assertEquals(
                0,
                database.count(
                        "SELECT count(*) FROM job_versions WHERE environment_id = $1::uuid", tenant.environmentId()));
        assertEquals(
                0,
                database.count(
                        "SELECT count(*) FROM jobs j JOIN runtime_environments e "
                                + "ON e.project_id = j.project_id WHERE e.id = $1::uuid",
                        tenant.environmentId()));
    }

    @Test
    void everyOffendingPathIsNamed() {
        var job = Fixtures.parse("""
                {"id": "bad id!", "version": "", "enabled": "yes",
                 "event": {"name": [], "source": 3},
                 "trigger": {"type": "scheduled", "schedule": {"type": "interval", "options": {"seconds": 5}}},
                 "integrations": {"x": {"id": "x", "authSource": "MAGIC"}},
                 "concurrencyLimit": -1, "startPosition": "middle"}""");
        Api.register(tenant, "app", job)
                .statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body(
                        "errors.path",
                        containsInAnyOrder(
                                "id",
                                "name",
                                "version",
                                "enabled",
                                "event.name",
                                "event.source",
                                "trigger.schedule.options.seconds",
                                "integrations.x.metadata",
                                "integrations.x.authSource",
                                "concurrencyLimit",
                                "startPosition"));
        assertNothingWritten();
    }

    @Test
    void invalidCronAndDuplicateExampleIdsAreRejected() {
        var job = Fixtures.job("index-a", "nightly-report");
        ((com.fasterxml.jackson.databind.node.ObjectNode) job.at("/trigger/schedule/options"))
                .put("cron", "61 * * * *");
        ((com.fasterxml.jackson.databind.node.ArrayNode) job.at("/event/examples"))
                .add(job.at("/event/examples/0").deepCopy());
        Api.register(tenant, "app", job)
                .statusCode(400)
                .body("errors.path", containsInAnyOrder("trigger.schedule.options.cron", "event.examples[1].id"));
        assertNothingWritten();
    }

    @Test
    void valuesPostgresCannotStoreAreRejectedNotCrashedOn() {
        var nul = Fixtures.signup("nul", "1.0.0");
        nul.put("name", "a\u0000b");
        Api.register(tenant, "app", nul).statusCode(400).body("errors[0].path", equalTo("name"));
        var longVersion = Fixtures.signup("long", "1.0.0-" + "\u4e00".repeat(1_000));
        Api.register(tenant, "app", longVersion).statusCode(400).body("errors[0].path", equalTo("version"));
        var longKey = Fixtures.job("index-integrations", "sync-crm");
        ((com.fasterxml.jackson.databind.node.ObjectNode) longKey.get("integrations"))
                .set("k".repeat(3_000), longKey.at("/integrations/mailer"));
        Api.register(tenant, "app", longKey).statusCode(400).body("errors[0].path", equalTo("integrations"));
        var nulPayload = Fixtures.signup("payload", "1.0.0");
        ((com.fasterxml.jackson.databind.node.ObjectNode) nulPayload.at("/event/examples/0/payload"))
                .put("x", "\u0000");
        Api.register(tenant, "app", nulPayload).statusCode(400).contentType("application/problem+json");
        assertNothingWritten();
        Api.as(tenant).queryParam("cursor", "AA").get("/api/v1/jobs").then().statusCode(400);
        Api.as(tenant).queryParam("q", "\u0000").get("/api/v1/jobs").then().statusCode(400);
    }

    @Test
    void nonJsonAndWrongShapesAreRejected() {
        Api.as(tenant)
                .body("{nope")
                .post("/api/v1/endpoints/app/jobs")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        Api.as(tenant)
                .body("[1, 2]")
                .post("/api/v1/endpoints/app/jobs")
                .then()
                .statusCode(400)
                .body("errors[0].path", equalTo(""));
        Api.as(tenant)
                .body("{\"jobs\": {}}")
                .put("/api/v1/endpoints/app/jobs")
                .then()
                .statusCode(400)
                .body("errors[0].path", equalTo("jobs"));
        assertNothingWritten();
    }
}
