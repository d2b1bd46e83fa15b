package io.kongflow.jobs.registration;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kongflow.jobs.support.Api;
import io.kongflow.jobs.support.Fixtures;
import io.kongflow.jobs.support.Invariants;
import io.kongflow.jobs.support.TenantWithEndpoint;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A job of a sync whose registration fails in the database (not in validation) fails alone:
 * its transaction leaves nothing behind, the others are registered, and the reason given is
 * generic (the database's own message stays in the log).
 */
@QuarkusTest
class SyncFailureIsolationTest extends TenantWithEndpoint {

    @BeforeEach
    void injectFailure() {
        database.injectDispatcherFailure("explode.sync");
    }

    @AfterEach
    void removeFailure() {
        database.removeDispatcherFailure("explode.sync");
    }

    @Test
    void aDatabaseFailureOfOneJobFailsThatJobOnly() {
        ObjectNode exploding = Fixtures.signup("exploding", "1.0.0");
        ((ObjectNode) exploding.get("trigger").get("rule")).put("source", "explode.sync");
        var jobs = Fixtures.parseAny("[]");
        ((com.fasterxml.jackson.databind.node.ArrayNode) jobs)
                .add(Fixtures.signup("fine", "1.0.0"))
                .add(exploding);

        Api.sync(tenant, "app", jobs)
                .statusCode(200)
                .body("stats.jobs", equalTo(1))
                .body("stats.failedJobs", equalTo(1))
                .body("jobs.find { it.id == 'exploding' }.outcome", equalTo("failed"))
                .body("jobs.find { it.id == 'exploding' }.error", equalTo("registration failed"));

        String env = tenant.environmentId();
        assertEquals("ACTIVE", database.latestStatus(env, "fine"));
        assertEquals(
                0,
                database.count(
                        "SELECT count(*) FROM job_versions v JOIN jobs j ON j.id = v.job_id "
                                + "WHERE v.environment_id = $1::uuid AND j.slug = 'exploding'",
                        env));
        Invariants.assertHold(Invariants.over(database), env);
    }
}
