package io.kongflow.jobs.registration;

import io.kongflow.jobs.persistence.NativeSql;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Step 6: moves the {@code latest} alias of (job, environment) to this version unless a higher
 * version — in semantic-version order — exists there already. Only a version new to the
 * environment moves an existing alias: re-registering a version never undoes a pin or rollback
 * made through the API. Safe without further locking: the job row lock of step 1 serialises
 * registrations of the job.
 */
@ApplicationScoped
class AliasUpdate {

    static final String LATEST = "latest";

    private static final String VERSIONS = """
            SELECT id, version FROM job_versions WHERE job_id = :jobId AND environment_id = :environmentId""";

    private static final String CURRENT = """
            SELECT version_id, value FROM job_aliases
            WHERE job_id = :jobId AND environment_id = :environmentId AND name = 'latest'""";

    private static final String UPSERT = """
            INSERT INTO job_aliases (job_id, environment_id, version_id, name, value)
            VALUES (:jobId, :environmentId, :versionId, 'latest', :value)
            ON CONFLICT (job_id, environment_id, name) DO UPDATE SET
                version_id = EXCLUDED.version_id, value = EXCLUDED.value, updated_at = now()""";

    Uni<Void> apply(RegistrationState state) {
        Map<String, Object> key = Map.of("jobId", state.jobId, "environmentId", state.caller.environmentId());
        return NativeSql.rows(VERSIONS, key).chain(versions -> {
            boolean higherExists = versions.stream()
                    .anyMatch(row -> VersionOrder.compare((String) row[1], state.metadata.version()) > 0);
            return NativeSql.row(CURRENT, key).chain(current -> {
                if (current != null && (higherExists || !state.versionCreated || current[0].equals(state.versionId))) {
                    state.latestVersionId = (UUID) current[0];
                    state.latestVersion = (String) current[1];
                    return Uni.createFrom().voidItem();
                }
                Object[] target = higherExists ? highest(versions) : new Object[]{state.versionId, state.metadata.version()};
                state.latestVersionId = (UUID) target[0];
                state.latestVersion = (String) target[1];
                return NativeSql.execute(UPSERT, Map.of("jobId", state.jobId,
                        "environmentId", state.caller.environmentId(), "versionId", target[0], "value", target[1]))
                        .replaceWithVoid();
            });
        });
    }

    private static Object[] highest(List<Object[]> versions) {
        return versions.stream().max((a, b) -> VersionOrder.compare((String) a[1], (String) b[1])).orElseThrow();
    }
}
