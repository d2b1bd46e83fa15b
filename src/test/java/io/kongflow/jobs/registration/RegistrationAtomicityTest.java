package io.kongflow.jobs.registration;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kongflow.jobs.support.Api;
import io.kongflow.jobs.support.Database;
import io.kongflow.jobs.support.Fixtures;
import io.kongflow.jobs.support.Tenants;
import io.kongflow.jobs.support.Tenants.Tenant;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class RegistrationAtomicityTest {

    @Inject
    Database database;

    /** Makes the last pipeline step (the dispatcher write) fail for one event source. */
    @BeforeEach
    void injectFailureInTheLastStep() {
        database.injectDispatcherFailure("explode.test");
    }

    @AfterEach
    void removeInjectedFailure() {
        database.removeDispatcherFailure("explode.test");
    }

    @Test
    void aFailureAtTheLastStepLeavesNoRowWritten() {
        Tenant tenant = Tenants.create();
        Api.endpoint(tenant, "app");
        var job = Fixtures.job("index-integrations", "sync-crm");
        job.put("id", "exploding");
        ((com.fasterxml.jackson.databind.node.ObjectNode) job.get("trigger").get("rule")).put("source", "explode.test");

        Api.register(tenant, "app", job)
                .statusCode(500)
                .contentType("application/problem+json")
                .body("detail", equalTo("An unexpected error occurred"));

        String env = tenant.environmentId();
        for (String table :
                List.of("job_queues", "job_versions", "job_aliases", "event_dispatchers", "schedule_sources")) {
            assertEquals(
                    0,
                    database.count("SELECT count(*) FROM " + table + " WHERE environment_id = $1::uuid", env),
                    table);
        }
        assertEquals(
                0,
                database.count(
                        "SELECT count(*) FROM jobs j JOIN runtime_environments e "
                                + "ON e.project_id = j.project_id WHERE e.id = $1::uuid",
                        env));
        assertEquals(
                0,
                database.count(
                        "SELECT count(*) FROM integrations i JOIN runtime_environments e "
                                + "ON e.organization_id = i.organization_id WHERE e.id = $1::uuid",
                        env));
    }
}
