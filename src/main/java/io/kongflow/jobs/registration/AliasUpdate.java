package io.kongflow.jobs.registration;

import io.kongflow.jobs.persistence.AliasName;
import io.kongflow.jobs.persistence.Parameters;
import io.kongflow.jobs.persistence.Statements;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
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
            SELECT a.version_id AS current_id, a.value AS current_version,
                   higher.id AS higher_id, higher.version AS higher_version
            FROM (SELECT 1) AS one
            LEFT JOIN job_aliases a ON a.job_id = :jobId AND a.environment_id = :environmentId AND a.name = %s
            LEFT JOIN LATERAL (
                SELECT id, version FROM job_versions
                WHERE job_id = :jobId AND environment_id = :environmentId AND version_rank > :rank
                ORDER BY version_rank DESC, version DESC LIMIT 1) AS higher ON true""".formatted(AliasName.LATEST_SQL);

    /** The alias as it is, and the highest version above the registered one, if any. */
    private record Latest(UUID currentId, String currentVersion, UUID higherId, String higherVersion) {
        static Latest from(Row row) {
            return new Latest(
                    row.getUUID("current_id"),
                    row.getString("current_version"),
                    row.getUUID("higher_id"),
                    row.getString("higher_version"));
        }
    }

    Uni<Void> apply(Statements sql, RegistrationState state) {
        Parameters parameters = Parameters.with("jobId", state.jobId)
                .and("environmentId", state.caller.environmentId())
                .and("rank", Buffer.buffer(state.rank()));
        return sql.first(CURRENT_AND_HIGHER, parameters, Latest::from).chain(latest -> {
            boolean higherExists = latest.higherId() != null;
            if (latest.currentId() != null
                    && (higherExists
                            || !state.versionCreated
                            || latest.currentId().equals(state.versionId))) {
                state.latestVersionId = latest.currentId();
                state.latestVersion = latest.currentVersion();
                return Uni.createFrom().voidItem();
            }
            state.latestMoved = true;
            state.latestVersionId = higherExists ? latest.higherId() : state.versionId;
            state.latestVersion = higherExists ? latest.higherVersion() : state.metadata.version();
            return AliasRows.point(
                            sql,
                            state.jobId,
                            state.caller.environmentId(),
                            AliasName.LATEST,
                            state.latestVersionId,
                            state.latestVersion)
                    .replaceWithVoid();
        });
    }
}
