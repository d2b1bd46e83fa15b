package io.kongflow.jobs.registration;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.kongflow.jobs.persistence.Parameters;
import io.kongflow.jobs.persistence.Statements;
import io.kongflow.jobs.registration.JobMetadata.IntegrationUse;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Step 5: resolves each integration of the organization by slug, creating it (and its
 * definition) when missing with trigger.dev v2's rules, then makes the version's job integrations
 * exactly the incoming keys. Existing integrations and definitions are shared rows: they are only
 * inserted when absent ({@code DO NOTHING} takes no lock on a conflicting row), never updated.
 * Two statements at most, whatever the number of integrations.
 */
@ApplicationScoped
class IntegrationSync {

    // One statement creates what is missing: the RI check of integrations -> definitions runs at its
    // end and sees the definitions its CTE inserted.
    private static final String CREATE_MISSING = """
            WITH incoming AS (
                SELECT * FROM jsonb_to_recordset(CAST(CAST(:integrations AS text) AS jsonb))
                    AS x(slug text, definition_id text, definition_name text, instructions text, auth_source text)),
            definitions AS (
                INSERT INTO integration_definitions (id, name, instructions)
                SELECT x.definition_id, x.definition_name, x.instructions FROM incoming x
                WHERE NOT EXISTS (SELECT 1 FROM integration_definitions d WHERE d.id = x.definition_id)
                ORDER BY x.definition_id
                ON CONFLICT (id) DO NOTHING)
            INSERT INTO integrations (organization_id, definition_id, slug, title, auth_source, connection_type, setup_status)
            SELECT :organizationId, x.definition_id, x.slug,
                   CASE x.auth_source WHEN 'HOSTED' THEN x.slug ELSE x.definition_name END,
                   x.auth_source,
                   CASE x.auth_source WHEN 'HOSTED' THEN 'HOSTED' WHEN 'RESOLVER' THEN 'EXTERNAL' ELSE 'DEVELOPER' END,
                   CASE x.auth_source WHEN 'HOSTED' THEN 'MISSING_FIELDS' ELSE 'COMPLETE' END
            FROM incoming x
            WHERE NOT EXISTS (SELECT 1 FROM integrations i WHERE i.organization_id = :organizationId AND i.slug = x.slug)
            ORDER BY x.slug
            ON CONFLICT (organization_id, slug) DO NOTHING""";

    // A separate statement from CREATE_MISSING on purpose: its snapshot is newer, so it also sees an
    // integration that a concurrent registration created (and CREATE_MISSING's DO NOTHING waited for).
    private static final String SYNC_USES = """
            WITH incoming AS (
                SELECT * FROM jsonb_to_recordset(CAST(CAST(:integrations AS text) AS jsonb)) AS x(key text, slug text)),
            removed AS (
                DELETE FROM job_integrations WHERE version_id = :versionId AND key NOT IN (SELECT key FROM incoming))
            INSERT INTO job_integrations (job_id, version_id, integration_id, key)
            SELECT :jobId, :versionId, i.id, x.key
            FROM incoming x JOIN integrations i ON i.organization_id = :organizationId AND i.slug = x.slug
            ON CONFLICT (version_id, key) DO UPDATE SET integration_id = EXCLUDED.integration_id, updated_at = now()
            WHERE job_integrations.integration_id <> EXCLUDED.integration_id""";

    Uni<Void> apply(Statements sql, RegistrationState state) {
        if (!state.versionChanged) {
            return Uni.createFrom().voidItem();
        }
        String integrations = asJson(state);
        Parameters uses = Parameters.with("jobId", state.jobId)
                .and("versionId", state.versionId)
                .and("organizationId", state.caller.organizationId())
                .and("integrations", integrations);
        Uni<Integer> created = state.metadata.integrations().isEmpty()
                ? Uni.createFrom().item(0)
                : sql.execute(
                        CREATE_MISSING,
                        Parameters.with("organizationId", state.caller.organizationId())
                                .and("integrations", integrations));
        return created.chain(() -> sql.execute(SYNC_USES, uses)).replaceWithVoid();
    }

    private static String asJson(RegistrationState state) {
        ArrayNode integrations = JsonNodeFactory.instance.arrayNode();
        for (IntegrationUse use : state.metadata.integrations()) {
            integrations
                    .addObject()
                    .put("key", use.key())
                    .put("slug", use.id())
                    .put("definition_id", use.definitionId())
                    .put("definition_name", use.definitionName())
                    .put("instructions", use.instructions())
                    .put("auth_source", use.authSource().name());
        }
        return integrations.toString();
    }
}
