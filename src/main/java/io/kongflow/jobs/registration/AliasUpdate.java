package io.kongflow.jobs.registration;

import io.kongflow.jobs.persistence.Statements;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.UUID;

/**
 * Step 6: moves the {@code latest} alias of (job, environment) to this version unless a higher
 * version — in semantic-version order — exists there already. Only a version new to the
 * environment moves an existing alias: re-registering a version never undoes a pin or rollback
 * made through the API. Safe without further locking: the job row lock of step 1 serialises
 * registrations of the job. The highest version is one index lookup on {@code version_rank}.
 */
@ApplicationScoped
class AliasUpdate {

    private static final String CURRENT_AND_HIGHER = """
            SELECT a.version_id, a.value, higher.id, higher.version
            FROM (SELECT 1) AS one
            LEFT JOIN job_aliases a ON a.job_id = :jobId AND a.environment_id = :environmentId AND a.name = 'latest'
            LEFT JOIN LATERAL (
                SELECT id, version FROM job_versions
                WHERE job_id = :jobId AND environment_id = :environmentId AND version_rank > :rank
                ORDER BY version_rank DESC, version DESC LIMIT 1) AS higher ON true""";

    private static final String UPSERT = """
            INSERT INTO job_aliases (job_id, environment_id, version_id, name, value)
            VALUES (:jobId, :environmentId, :versionId, 'latest', :value)
            ON CONFLICT (job_id, environment_id, name) DO UPDATE SET
                version_id = EXCLUDED.version_id, value = EXCLUDED.value, updated_at = now()""";

    Uni<Void> apply(Statements sql, RegistrationState state) {
        return sql.row(
                        CURRENT_AND_HIGHER,
                        Map.of(
                                "jobId",
                                state.jobId,
                                "environmentId",
                                state.caller.environmentId(),
                                "rank",
                                Buffer.buffer(state.rank())))
                .chain(row -> {
                    UUID currentId = (UUID) row[0];
                    boolean higherExists = row[2] != null;
                    if (currentId != null
                            && (higherExists || !state.versionCreated || currentId.equals(state.versionId))) {
                        state.latestVersionId = currentId;
                        state.latestVersion = (String) row[1];
                        return Uni.createFrom().voidItem();
                    }
                    state.latestMoved = true;
                    state.latestVersionId = higherExists ? (UUID) row[2] : state.versionId;
                    state.latestVersion = higherExists ? (String) row[3] : state.metadata.version();
                    return sql.execute(
                                    UPSERT,
                                    Map.of(
                                            "jobId",
                                            state.jobId,
                                            "environmentId",
                                            state.caller.environmentId(),
                                            "versionId",
                                            state.latestVersionId,
                                            "value",
                                            state.latestVersion))
                            .replaceWithVoid();
                });
    }
}
