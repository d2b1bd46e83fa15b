package io.kongflow.jobs.registration;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kongflow.jobs.support.Api;
import io.kongflow.jobs.support.Database;
import io.kongflow.jobs.support.Fixtures;
import io.kongflow.jobs.support.Invariants;
import io.kongflow.jobs.support.Tenants;
import io.kongflow.jobs.support.Tenants.Tenant;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Row;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A registration that fails at any step leaves nothing of itself: not a row, not a moved alias. */
@QuarkusTest
class RegistrationAtomicityTest {

    final Database database = Database.shared();

    /** Makes the last pipeline step (the dispatcher write) fail for one event source. */
    @BeforeEach
    void injectFailureInTheLastStep() {
        database.injectDispatcherFailure("explode.test");
    }

    @AfterEach
    void removeInjectedFailure() {
        database.removeDispatcherFailure("explode.test");
        database.removeFailure("job_aliases");
        database.removeFailure("schedule_sources");
    }

    /** The nightly-report job (a cron schedule) at that version and cron expression. */
    private static ObjectNode nightly(String version, String cron) {
        ObjectNode job = Fixtures.job("index-a", "nightly-report");
        job.put("version", version);
        ((ObjectNode) job.get("trigger").get("schedule").get("options")).put("cron", cron);
        return job;
    }

    @ParameterizedTest(name = "failing at {0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "job_aliases (mid-pipeline)|job_aliases|NEW.value = '2.0.0'",
                "the schedule (last step)|schedule_sources|NEW.schedule::text LIKE '%0 4 * * *%'"
            })
    void aNewVersionFailingMidPipelineLeavesTheOldVersionServingUntouched(String step, String table, String condition) {
        Tenant tenant = Tenants.create();
        Api.endpoint(tenant, "app");
        String env = tenant.environmentId();
        Api.register(tenant, "app", nightly("1.0.0", "0 3 * * *")).statusCode(201);
        Map<String, String> before = database.environmentSnapshot(env);
        assertEquals(
                List.of("1.0.0", true, true),
                serving(env),
                "before: latest is 1.0.0, its dispatcher enabled, its schedule active");

        database.failWhen(table, condition);
        Api.register(tenant, "app", nightly("2.0.0", "0 4 * * *")).statusCode(500);

        assertEquals(before, database.environmentSnapshot(env), "nothing of the failed registration remains");
        assertEquals(List.of("1.0.0", true, true), serving(env));
        database.removeFailure(table);
        Api.register(tenant, "app", nightly("2.0.0", "0 4 * * *")).statusCode(201);
        assertEquals(List.of("2.0.0", true, true), serving(env), "the same registration succeeds without the failure");
        Invariants.assertHold(Invariants.over(database), env);
    }

    /** The version latest names, whether the dispatcher delivers to it, and whether the schedule is active. */
    private List<Object> serving(String env) {
        Row row = database.query("""
                SELECT a.value,
                       d.enabled AND d.dispatchable ->> 'id' = a.version_id::text,
                       s.active AND s.next_event_at IS NOT NULL AND s.dispatcher_id = d.id
                FROM job_aliases a
                JOIN jobs j ON j.id = a.job_id
                JOIN event_dispatchers d ON d.dispatchable_id = j.id::text AND d.environment_id = a.environment_id
                JOIN schedule_sources s ON s.environment_id = a.environment_id AND s.dispatcher_id = d.id
                WHERE a.environment_id = $1::uuid AND a.name = 'latest' AND j.slug = 'nightly-report'""", env).get(0);
        return List.of(row.getString(0), row.getBoolean(1), row.getBoolean(2));
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
