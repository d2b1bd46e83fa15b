package io.kongflow.jobs.registration;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kongflow.jobs.support.Api;
import io.kongflow.jobs.support.Fixtures;
import io.kongflow.jobs.support.TenantWithEndpoint;
import io.kongflow.jobs.support.Tenants;
import io.kongflow.jobs.support.Tenants.Tenant;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class EndpointSyncTest extends TenantWithEndpoint {

    @Test
    void firstDeployRegistersEveryJob() {
        Api.sync(tenant, "app", Fixtures.index("index-a").get("jobs"))
                .statusCode(200)
                .body("stats.jobs", equalTo(4))
                .body("stats.disabledJobs", equalTo(0))
                .body("stats.failedJobs", equalTo(0))
                .body("jobs.id", contains("user-signup", "nightly-report", "poller", "legacy-cleanup"))
                .body("jobs.outcome", contains("created", "created", "created", "created"));
        Api.sync(tenant, "app", Fixtures.index("index-a").get("jobs"))
                .statusCode(200)
                .body("jobs.outcome", contains("unchanged", "unchanged", "unchanged", "unchanged"));
    }

    @Test
    void nextDeployBumpsDisablesAndDisablesTheMissing() {
        Api.sync(tenant, "app", Fixtures.index("index-a").get("jobs")).statusCode(200);
        Api.sync(tenant, "app", Fixtures.index("index-b").get("jobs"))
                .statusCode(200)
                .body("stats.jobs", equalTo(3))
                .body("stats.disabledJobs", equalTo(2))
                .body("stats.failedJobs", equalTo(0))
                .body("jobs.find { it.id == 'user-signup' }.outcome", equalTo("created"))
                .body("jobs.find { it.id == 'invoice-paid' }.outcome", equalTo("disabled"))
                .body("jobs.find { it.id == 'invoice-paid' }.modified", equalTo(false))
                .body("jobs.find { it.id == 'legacy-cleanup' }.modified", equalTo(true));
        assertEquals("ACTIVE", database.latestStatus(tenant.environmentId(), "user-signup"));
        assertEquals("DISABLED", database.latestStatus(tenant.environmentId(), "legacy-cleanup"));
        assertEquals(false, database.query("""
                SELECT d.enabled FROM event_dispatchers d JOIN jobs j ON d.dispatchable_id = j.id::text
                WHERE d.environment_id = $1::uuid AND j.slug = 'legacy-cleanup'""", tenant.environmentId()).get(0).getBoolean(0));
        assertEquals(1, database.count("""
                SELECT count(*) FROM event_examples x JOIN job_versions v ON v.id = x.job_version_id
                JOIN jobs j ON j.id = v.job_id WHERE v.environment_id = $1::uuid AND j.slug = 'user-signup'
                AND v.version = '1.1.0'""", tenant.environmentId()));
    }

    @Test
    void anotherEndpointsJobsAreLeftAlone() {
        Api.endpoint(tenant, "other");
        Api.register(tenant, "other", Fixtures.signup("from-other", "1.0.0")).statusCode(201);
        Api.sync(tenant, "app", Fixtures.index("index-a").get("jobs")).statusCode(200);
        Api.sync(tenant, "app", Fixtures.index("index-b").get("jobs"))
                .statusCode(200)
                .body("jobs.id", org.hamcrest.Matchers.not(hasItem("from-other")));
        assertEquals("ACTIVE", database.latestStatus(tenant.environmentId(), "from-other"));
    }

    @Test
    void oneInvalidJobFailsAloneAndIsNotTreatedAsMissing() {
        Api.sync(tenant, "app", Fixtures.index("index-a").get("jobs")).statusCode(200);
        ArrayNode jobs = (ArrayNode) Fixtures.index("index-a").get("jobs").deepCopy();
        ((ObjectNode) jobs.get(1)).put("version", "0.4.0");
        ((ObjectNode) jobs.get(1).get("trigger").get("schedule").get("options")).put("cron", "not a cron");
        Api.sync(tenant, "app", jobs)
                .statusCode(200)
                .body("stats.jobs", equalTo(3))
                .body("stats.failedJobs", equalTo(1))
                .body("stats.disabledJobs", equalTo(0))
                .body("jobs[1].outcome", equalTo("failed"))
                .body("jobs[1].errors[0].path", equalTo("jobs[1].trigger.schedule.options.cron"));
        assertEquals("ACTIVE", database.latestStatus(tenant.environmentId(), "nightly-report"));
    }

    @Test
    void syncOfAnotherTenantsEndpointIsNotFound() {
        Tenant stranger = Tenants.create();
        Api.sync(stranger, "app", Fixtures.index("index-a").get("jobs")).statusCode(404);
        Api.register(stranger, "app", Fixtures.signup("x", "1.0.0")).statusCode(404);
    }

    @Test
    void aPushedListRecordsItsDynamicSchedulesWhoseRegistrationsThenAreAccepted() {
        ObjectNode job = Fixtures.signup("fan-a", "1.0.0");
        job.putObject("trigger").put("type", "dynamic").put("id", "fanout");
        String body = "{\"jobs\": [" + job
                + "], \"dynamicSchedules\": [{\"id\": \"fanout\", \"jobs\": [{\"id\": \"fan-a\"}]}]}";
        Api.as(tenant)
                .body(body)
                .put("/api/v1/endpoints/{slug}/jobs", "app")
                .then()
                .statusCode(200);
        assertEquals(1, database.count("""
                SELECT count(*) FROM dynamic_schedules WHERE environment_id = $1::uuid AND slug = 'fanout'
                AND job_slugs = ARRAY['fan-a']""", tenant.environmentId()));
        registerInterval("fanout").statusCode(200).body("id", equalTo("r-1"));
        registerInterval("unknown").statusCode(404);
    }

    @Test
    void aBadDynamicScheduleAnswers400AndWritesNothing() {
        String job = Fixtures.signup("fan-b", "1.0.0").toString();
        for (String schedules : new String[] {
            "{}",
            "[{\"jobs\": []}]",
            "[{\"id\": \"\", \"jobs\": []}]",
            "[{\"id\": \"s\"}]",
            "[{\"id\": \"s\", \"jobs\": [{\"id\": 7}]}]"
        }) {
            Api.as(tenant)
                    .body("{\"jobs\": [" + job + "], \"dynamicSchedules\": " + schedules + "}")
                    .put("/api/v1/endpoints/{slug}/jobs", "app")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("detail", org.hamcrest.Matchers.containsString("dynamicSchedules"));
        }
        assertEquals(
                0,
                database.count(
                        "SELECT count(*) FROM job_versions WHERE environment_id = $1::uuid", tenant.environmentId()));
        assertEquals(
                0,
                database.count(
                        "SELECT count(*) FROM dynamic_schedules WHERE environment_id = $1::uuid",
                        tenant.environmentId()));
    }

    private io.restassured.response.ValidatableResponse registerInterval(String dynamicSchedule) {
        return Api.as(tenant)
                .body("{\"id\": \"r-1\", \"type\": \"interval\", \"options\": {\"seconds\": 60}}")
                .post("/api/v1/{endpoint}/schedules/{id}/registrations", "app", dynamicSchedule)
                .then();
    }
}
