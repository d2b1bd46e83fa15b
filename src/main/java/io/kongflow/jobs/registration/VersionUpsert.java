package io.kongflow.jobs.registration;

import io.kongflow.jobs.persistence.NativeSql;
import io.kongflow.jobs.registration.JobMetadata.StaticTrigger;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Step 3: upserts the version on (job, version, environment). A version registered before with the
 * same content hash, endpoint, queue and status is left untouched: the registration is idempotent.
 */
@ApplicationScoped
class VersionUpsert {

    private static final String FIND = """
            SELECT id, content_hash, endpoint_id, queue_id, status FROM job_versions
            WHERE job_id = :jobId AND version = :version AND environment_id = :environmentId""";

    private static final String UPSERT = """
            INSERT INTO job_versions (job_id, environment_id, organization_id, project_id, endpoint_id, queue_id,
                version, event_specification, trigger, properties, trigger_link, trigger_help, start_position, preprocess_runs,
                status, content_hash)
            VALUES (:jobId, :environmentId, :organizationId, :projectId, :endpointId, :queueId, :version,
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
            RETURNING id, xmax = 0""";

    Uni<Void> apply(RegistrationState state) {
        JobMetadata metadata = state.metadata;
        return NativeSql.row(FIND, Map.of("jobId", state.jobId, "version", metadata.version(),
                "environmentId", state.caller.environmentId())).chain(existing -> {
            if (existing != null && unchanged(existing, state)) {
                state.versionId = (UUID) existing[0];
                return Uni.createFrom().voidItem();
            }
            return NativeSql.row(UPSERT, parameters(state)).invoke(row -> {
                state.versionId = (UUID) row[0];
                state.versionCreated = (Boolean) row[1];
                state.versionChanged = true;
            }).replaceWithVoid();
        });
    }

    private static boolean unchanged(Object[] existing, RegistrationState state) {
        return state.metadata.contentHash().equals(existing[1]) && state.endpointId.equals(existing[2])
                && state.queueId.equals(existing[3]) && state.status().equals(existing[4]);
    }

    private static Map<String, Object> parameters(RegistrationState state) {
        JobMetadata metadata = state.metadata;
        StaticTrigger rule = metadata.trigger() instanceof StaticTrigger staticTrigger ? staticTrigger : null;
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("jobId", state.jobId);
        parameters.put("environmentId", state.caller.environmentId());
        parameters.put("organizationId", state.caller.organizationId());
        parameters.put("projectId", state.caller.projectId());
        parameters.put("endpointId", state.endpointId);
        parameters.put("queueId", state.queueId);
        parameters.put("version", metadata.version());
        parameters.put("eventSpecification", metadata.eventSpecification().toString());
        parameters.put("trigger", metadata.triggerSpecification().toString());
        parameters.put("properties", rule == null || rule.properties() == null ? null : rule.properties().toString());
        parameters.put("link", rule == null ? null : rule.link());
        parameters.put("help", rule == null || rule.help() == null ? null : rule.help().toString());
        parameters.put("startPosition", metadata.startPosition().name());
        parameters.put("preprocessRuns", metadata.preprocessRuns());
        parameters.put("status", state.status());
        parameters.put("contentHash", Objects.requireNonNull(metadata.contentHash()));
        return parameters;
    }
}
