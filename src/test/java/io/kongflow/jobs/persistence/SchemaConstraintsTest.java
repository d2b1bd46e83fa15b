package io.kongflow.jobs.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kongflow.jobs.support.Database;
import io.kongflow.jobs.support.Tenants;
import io.kongflow.jobs.support.Tenants.Tenant;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SchemaConstraintsTest {

    private static final List<String> OWNED_TABLES = List.of(
            "projects",
            "runtime_environments",
            "endpoints",
            "endpoint_indexes",
            "jobs",
            "job_queues",
            "job_versions",
            "job_aliases",
            "event_examples",
            "integrations",
            "job_integrations",
            "event_dispatchers",
            "schedule_sources",
            "external_accounts",
            "event_records",
            "job_run_counters",
            "job_runs",
            "job_run_subscriptions");

    final Database database = Database.shared();

    /** Writes one row in every table below the tenant's organization; returns the organization id. */
    private String populate(Tenant tenant) {
        String env = tenant.environmentId();
        database.query("""
                WITH e AS (SELECT * FROM runtime_environments WHERE id = $1::uuid),
                ep AS (INSERT INTO endpoints (environment_id, project_id, organization_id, slug, url, indexing_hook_identifier)
                       SELECT id, project_id, organization_id, 'ep', 'http://x', 'abcdefghij' FROM e RETURNING *),
                ix AS (INSERT INTO endpoint_indexes (endpoint_id, source) SELECT id, 'API' FROM ep RETURNING *),
                j AS (INSERT INTO jobs (organization_id, project_id, slug, title) SELECT organization_id, project_id, 'job', 'Job' FROM e RETURNING *),
                q AS (INSERT INTO job_queues (environment_id, name) SELECT id, 'default' FROM e RETURNING *),
                v AS (INSERT INTO job_versions (job_id, environment_id, organization_id, project_id, endpoint_id, queue_id, version, version_rank, event_specification, trigger, content_hash)
                      SELECT j.id, e.id, e.organization_id, e.project_id, ep.id, q.id, '1.0.0', '\\x01'::bytea, '{}'::jsonb, '{"type": "invoke"}'::jsonb, 'h' FROM j, e, ep, q RETURNING *),
                a AS (INSERT INTO job_aliases (job_id, environment_id, version_id, name, value) SELECT job_id, environment_id, id, 'latest', version FROM v RETURNING *),
                ex AS (INSERT INTO event_examples (job_version_id, slug, name) SELECT id, 'ex', 'Ex' FROM v RETURNING *),
                d AS (INSERT INTO integration_definitions (id, name) VALUES ('def-' || $1, 'Def') RETURNING *),
                i AS (INSERT INTO integrations (organization_id, definition_id, slug, title, auth_source, connection_type, setup_status)
                      SELECT e.organization_id, d.id, 'int', 'Int', 'LOCAL', 'DEVELOPER', 'COMPLETE' FROM e, d RETURNING *),
                ji AS (INSERT INTO job_integrations (job_id, version_id, integration_id, key) SELECT v.job_id, v.id, i.id, 'k' FROM v, i RETURNING *),
                di AS (INSERT INTO event_dispatchers (environment_id, dispatchable_id, dispatchable, event, source)
                       SELECT e.id, j.id::text, '{}'::jsonb, ARRAY['x'], 'trigger.dev' FROM e, j RETURNING *),
                s AS (INSERT INTO schedule_sources (environment_id, dispatcher_id, key, schedule) SELECT environment_id, id, 'job', '{}'::jsonb FROM di RETURNING *),
                xa AS (INSERT INTO external_accounts (environment_id, organization_id, identifier) SELECT id, organization_id, 'acct' FROM e RETURNING *),
                er AS (INSERT INTO event_records (environment_id, organization_id, project_id, external_account_id, event_id, name, source, payload, context)
                       SELECT e.id, e.organization_id, e.project_id, xa.id, 'evt', 'x', 'trigger.dev', '{}'::jsonb, '{}'::jsonb FROM e, xa RETURNING *),
                c AS (INSERT INTO job_run_counters (job_id, last_number) SELECT id, 1 FROM j RETURNING *),
                r AS (INSERT INTO job_runs (job_id, version_id, environment_id, organization_id, project_id, endpoint_id, queue_id, event_id, number)
                      SELECT v.job_id, v.id, v.environment_id, v.organization_id, v.project_id, v.endpoint_id, v.queue_id, er.id, 1 FROM v, er RETURNING *),
                rs AS (INSERT INTO job_run_subscriptions (run_id, url) SELECT id, 'https://example.com/cb' FROM r RETURNING *)
                SELECT (SELECT count(*) FROM r) + (SELECT count(*) FROM a) + (SELECT count(*) FROM ex) + (SELECT count(*) FROM ji)
                     + (SELECT count(*) FROM s) + (SELECT count(*) FROM ix) + (SELECT count(*) FROM c)
                     + (SELECT count(*) FROM rs)""", env);
        return database.query("SELECT organization_id::text FROM runtime_environments WHERE id = $1::uuid", env)
                .get(0)
                .getString(0);
    }

    private long rowsOf(String table, String organizationId) {
        return database.count("""
                SELECT count(*) FROM %s t WHERE to_jsonb(t) ->> 'organization_id' = $1
                   OR to_jsonb(t) ->> 'environment_id' IN (SELECT id::text FROM runtime_environments WHERE organization_id = $1::uuid)
                   OR to_jsonb(t) ->> 'job_id' IN (SELECT id::text FROM jobs WHERE organization_id = $1::uuid)
                   OR to_jsonb(t) ->> 'job_version_id' IN (SELECT id::text FROM job_versions WHERE organization_id = $1::uuid)
                   OR to_jsonb(t) ->> 'endpoint_id' IN (SELECT id::text FROM endpoints WHERE organization_id = $1::uuid)
                   OR to_jsonb(t) ->> 'run_id' IN (SELECT id::text FROM job_runs WHERE organization_id = $1::uuid)
                """.formatted(table), organizationId);
    }

    @Test
    void deletingAnOrganizationRemovesEverythingBeneathIt() {
        String organizationId = populate(Tenants.create());
        for (String table : OWNED_TABLES) {
            assertTrue(rowsOf(table, organizationId) > 0, table + " should have a row before the delete");
        }
        database.query("DELETE FROM organizations WHERE id = $1::uuid", organizationId);
        for (String table : OWNED_TABLES) {
            assertEquals(0, rowsOf(table, organizationId), table + " should be emptied by the cascade");
        }
    }

    @Test
    void naturalKeysRejectDuplicates() {
        Tenant tenant = Tenants.create();
        populate(tenant);
        String env = tenant.environmentId();
        assertDuplicateRejected("jobs_project_slug_key", """
                INSERT INTO jobs (organization_id, project_id, slug, title)
                SELECT organization_id, project_id, 'job', 'Again' FROM runtime_environments WHERE id = $1::uuid""", env);
        assertDuplicateRejected(
                "job_queues_environment_name_key",
                "INSERT INTO job_queues (environment_id, name) VALUES ($1::uuid, 'default')",
                env);
        assertDuplicateRejected("job_versions_job_version_environment_key", """
                INSERT INTO job_versions (job_id, environment_id, organization_id, project_id, endpoint_id, queue_id, version, version_rank, event_specification, trigger, content_hash)
                SELECT job_id, environment_id, organization_id, project_id, endpoint_id, queue_id, version, version_rank, '{}'::jsonb, trigger, 'h2'
                FROM job_versions WHERE environment_id = $1::uuid""", env);
        assertDuplicateRejected("job_aliases_job_environment_name_key", """
                INSERT INTO job_aliases (job_id, environment_id, version_id, name, value)
                SELECT job_id, environment_id, version_id, name, value FROM job_aliases WHERE environment_id = $1::uuid""", env);
        assertDuplicateRejected("endpoints_environment_slug_key", """
                INSERT INTO endpoints (environment_id, project_id, organization_id, slug, indexing_hook_identifier)
                SELECT environment_id, project_id, organization_id, slug, 'zzzzzzzzzz' FROM endpoints WHERE environment_id = $1::uuid""", env);
        assertDuplicateRejected("event_dispatchers_dispatchable_environment_key", """
                INSERT INTO event_dispatchers (environment_id, dispatchable_id, dispatchable, event, source)
                SELECT environment_id, dispatchable_id, dispatchable, event, source FROM event_dispatchers WHERE environment_id = $1::uuid""", env);
        assertDuplicateRejected("job_runs_job_number_key", """
                INSERT INTO job_runs (job_id, version_id, environment_id, organization_id, project_id, endpoint_id, queue_id, event_id, number)
                SELECT job_id, version_id, environment_id, organization_id, project_id, endpoint_id, queue_id, event_id, number
                FROM job_runs WHERE environment_id = $1::uuid""", env);
    }

    @Test
    void checkConstraintsRejectUnknownEnumValuesAndNegativeCounts() {
        Tenant tenant = Tenants.create();
        populate(tenant);
        assertDuplicateRejected(
                "job_queues_job_count_check",
                "UPDATE job_queues SET job_count = -1 WHERE environment_id = $1::uuid",
                tenant.environmentId());
        assertDuplicateRejected(
                "job_versions_status_check",
                "UPDATE job_versions SET status = 'PAUSED' WHERE environment_id = $1::uuid",
                tenant.environmentId());
    }

    private void assertDuplicateRejected(String constraint, String sql, String parameter) {
        Exception failure = assertThrows(Exception.class, () -> database.query(sql, parameter));
        assertTrue(
                failure.getMessage().contains(constraint),
                () -> "expected " + constraint + " in " + failure.getMessage());
    }
}
