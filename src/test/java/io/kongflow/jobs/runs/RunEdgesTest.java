package io.kongflow.jobs.runs;

import static org.hamcrest.Matchers.anEmptyMap;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kongflow.jobs.support.Api;
import io.kongflow.jobs.support.Fixtures;
import io.kongflow.jobs.support.TenantWithEndpoint;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The less travelled paths of test runs, invocations and queue accounting. */
@QuarkusTest
class RunEdgesTest extends TenantWithEndpoint {

    @BeforeEach
    void twoJobs() {
        Api.register(tenant, "app", Fixtures.job("index-a", "user-signup")).statusCode(201);
        Api.register(tenant, "app", Fixtures.job("index-a", "legacy-cleanup")).statusCode(201);
    }

    @Test
    void anIdempotencyKeyUsedForAnotherJobIsAConflictAndWritesNothing() {
        Api.as(tenant)
                .header("idempotency-key", "k-1")
                .body("{}")
                .post("/api/v1/jobs/user-signup/invoke")
                .then()
                .statusCode(200);
        Api.as(tenant)
                .header("idempotency-key", "k-1")
                .body("{}")
                .post("/api/v1/jobs/legacy-cleanup/invoke")
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("detail", equalTo("The idempotency key was used to invoke job 'user-signup'"));
        assertEquals(
                1,
                database.count(
                        "SELECT count(*) FROM job_runs WHERE environment_id = $1::uuid", tenant.environmentId()));
    }

    @Test
    void aTestOrInvocationWithoutABodyOrWithNullPayloadRunsWithAnEmptyPayload() {
        Api.as(tenant)
                .post("/api/v1/jobs/user-signup/test")
                .then()
                .statusCode(201)
                .body("event.payload", anEmptyMap())
                .body("version.version", equalTo("1.0.0"));
        Api.as(tenant)
                .post("/api/v1/jobs/user-signup/invoke")
                .then()
                .statusCode(200)
                .body("event.payload", anEmptyMap())
                .body("event.context", anEmptyMap());
        Api.as(tenant)
                .body("{\"payload\": null, \"context\": null}")
                .post("/api/v1/jobs/user-signup/invoke")
                .then()
                .statusCode(200)
                .body("event.payload", anEmptyMap())
                .body("number", equalTo(3));
    }

    @Test
    void anAccountIdIsOneExternalAccountOfTheEnvironmentSharedByItsEvents() {
        Api.as(tenant)
                .body(Map.of("accountId", "acct-7"))
                .post("/api/v1/jobs/user-signup/test")
                .then()
                .statusCode(201);
        Api.as(tenant)
                .body(Map.of("options", Map.of("accountId", "acct-7")))
                .post("/api/v1/jobs/user-signup/invoke")
                .then()
                .statusCode(200);
        String env = tenant.environmentId();
        assertEquals(
                1,
                database.count(
                        "SELECT count(*) FROM external_accounts WHERE environment_id = $1::uuid "
                                + "AND identifier = 'acct-7'",
                        env));
        assertEquals(
                2,
                database.count(
                        "SELECT count(*) FROM event_records e JOIN external_accounts a "
                                + "ON a.id = e.external_account_id WHERE e.environment_id = $1::uuid AND a.identifier = 'acct-7'",
                        env));
        assertEquals(
                2,
                database.count(
                        "SELECT count(*) FROM job_runs WHERE environment_id = $1::uuid "
                                + "AND external_account_id IS NOT NULL",
                        env));
    }
}
