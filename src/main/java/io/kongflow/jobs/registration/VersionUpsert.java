package io.kongflow.jobs.registration;

import io.kongflow.jobs.persistence.Parameters;
import io.kongflow.jobs.persistence.Statements;
import io.kongflow.jobs.registration.JobMetadata.StaticTrigger;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Objects;

/**
 * Step 3: upserts the version on (job, version, environment), in one statement. A version
 * registered before with the same content hash, endpoint, queue and status is left untouched (the
 * registration is idempotent) and is then read back instead.
 */
@ApplicationScoped
class VersionUpsert {

    // The fallback SELECT sees the row: the job row lock of step 1 was taken before this
    // statement's snapshot, so an earlier registration of this version has committed.
    private static final String UPSERT = """
            WITH written AS (
                INSERT INTO job_versions (job_id, environment_id, organization_id, project_id, endpoint_id, queue_id,
                    version, version_rank, event_specification, trigger, properties, trigger_link, trigger_help,
                    start_position, preprocess_runs, status, content_hash)
                VALUES (:jobId, :environmentId, :organizationId, :projectId, :endpointId, :queueId, :version, :rank,
                    CAST(CAST(:eventSpecification AS text) AS jsonb), CAST(CAST(:trigger AS text) AS jsonb),
                    CAST(CAST(:properties AS text) AS jsonb),
                    CAST(:link AS text), CAST(CAST(:help AS text) AS jsonb), :startPosition, :preprocessRuns, :status,
                    :contentHash)
                ON CONFLICT (job_id, version, environment_id) DO UPDATE SET
                    endpoint_id = EXCLUDED.endpoint_id, queue_id = EXCLUDED.queue_id,
                    event_specification = EXCLUDED.event_specification, trigger = EXCLUDED.trigger,
                    properties = EXCLUDED.properties,
                    trigger_link = EXCLUDED.trigger_link, trigger_help = EXCLUDED.trigger_help,
                    start_position = EXCLUDED.start_position, preprocess_runs = EXCLUDED.preprocess_runs,
                    status = EXCLUDED.status, content_hash = EXCLUDED.content_hash, updated_at = now()
                WHERE (job_versions.content_hash, job_versions.endpoint_id, job_versions.queue_id, job_versions.status)
                    IS DISTINCT FROM (EXCLUDED.content_hash, EXCLUDED.endpoint_id, EXCLUDED.queue_id, EXCLUDED.status)
                RETURNING id, xmax = 0 AS created)
            SELECT id, created, true AS changed FROM written
            UNION ALL
            SELECT id, false AS created, false AS changed FROM job_versions
            WHERE job_id = :jobId AND version = :version AND environment_id = :environmentId
              AND NOT EXISTS (SELECT 1 FROM written)""";

    Uni<Void> apply(Statements sql, RegistrationState state) {
        return sql.first(UPSERT, parameters(state), row -> {
                    state.versionId = row.getUUID("id");
                    state.versionCreated = row.getBoolean("created");
                    state.versionChanged = row.getBoolean("changed");
                    return state.versionId;
                })
                .onItem()
                .ifNull()
                .failWith(() -> new IllegalStateException("the version was neither written nor found"))
                .replaceWithVoid();
    }

    private static Parameters parameters(RegistrationState state) {
        JobMetadata metadata = state.metadata;
        StaticTrigger rule = metadata.trigger() instanceof StaticTrigger staticTrigger ? staticTrigger : null;
        Parameters parameters = Parameters.with("jobId", state.jobId);
        parameters.put("jobId", state.jobId);
        parameters.put("environmentId", state.caller.environmentId());
        parameters.put("organizationId", state.caller.organizationId());
        parameters.put("projectId", state.caller.projectId());
        parameters.put("endpointId", state.endpointId);
        parameters.put("queueId", state.queueId);
        parameters.put("version", metadata.version());
        parameters.put("rank", Buffer.buffer(state.rank()));
        parameters.put("eventSpecification", metadata.eventSpecification().toString());
        parameters.put("trigger", metadata.triggerSpecification().toString());
        parameters.put(
                "properties",
                rule == null || rule.properties() == null
                        ? null
                        : rule.properties().toString());
        parameters.put("link", rule == null ? null : rule.link());
        parameters.put(
                "help", rule == null || rule.help() == null ? null : rule.help().toString());
        parameters.put("startPosition", metadata.startPosition().name());
        parameters.put("preprocessRuns", metadata.preprocessRuns());
        parameters.put("status", state.status().name());
        parameters.put("contentHash", Objects.requireNonNull(metadata.contentHash()));
        return parameters;
    }
}
