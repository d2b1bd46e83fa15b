package io.kongflow.jobs.registration;

import io.kongflow.jobs.persistence.Postgres;
import io.kongflow.jobs.problem.Conflict;
import io.kongflow.jobs.problem.NotFound;
import io.kongflow.jobs.tenancy.Caller;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.UUID;

/**
 * Soft-deletes a job of the caller's project (SPEC §6), allowed only when the {@code latest}
 * alias of every environment points at a DISABLED version.
 */
@ApplicationScoped
public class DeleteJob {

    private static final String LOCK_JOB = """
            SELECT id FROM jobs WHERE project_id = :projectId AND slug = :slug AND deleted_at IS NULL FOR NO KEY UPDATE""";

    private static final String ACTIVE_ENVIRONMENTS = """
            SELECT e.slug FROM job_aliases a
            JOIN job_versions v ON v.id = a.version_id
            JOIN runtime_environments e ON e.id = a.environment_id
            WHERE a.job_id = :jobId AND a.name = 'latest' AND v.status = 'ACTIVE'
            ORDER BY e.slug""";

    private static final String SOFT_DELETE = """
            UPDATE jobs SET deleted_at = now(), updated_at = now() WHERE id = :jobId""";

    private final Postgres postgres;

    DeleteJob(Postgres postgres) {
        this.postgres = postgres;
    }

    public Uni<UUID> delete(Caller caller, String slug) {
        return postgres.transaction(sql -> sql.<UUID>column(
                        LOCK_JOB, Map.of("projectId", caller.projectId(), "slug", slug))
                .map(ids -> {
                    if (ids.isEmpty()) {
                        throw new NotFound("Job '" + slug + "'");
                    }
                    return ids.get(0);
                })
                .call(jobId -> sql.<String>column(ACTIVE_ENVIRONMENTS, Map.of("jobId", jobId))
                        .invoke(active -> {
                            if (!active.isEmpty()) {
                                throw new Conflict("Job '" + slug + "' is still active in environments: "
                                        + String.join(", ", active) + "; disable it there first");
                            }
                        }))
                .call(jobId -> sql.execute(SOFT_DELETE, Map.of("jobId", jobId))));
    }
}
