package io.kongflow.jobs.registration;

import io.kongflow.jobs.persistence.AliasName;
import io.kongflow.jobs.persistence.CatalogChanges;
import io.kongflow.jobs.persistence.JobRows;
import io.kongflow.jobs.persistence.Parameters;
import io.kongflow.jobs.persistence.Postgres;
import io.kongflow.jobs.problem.Conflict;
import io.kongflow.jobs.tenancy.Caller;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * Soft-deletes a job of the caller's project, allowed only when the {@code latest}
 * alias of every environment points at a DISABLED version.
 */
@ApplicationScoped
public class DeleteJob {

    private static final String ACTIVE_ENVIRONMENTS = """
            SELECT e.slug FROM job_aliases a
            JOIN job_versions v ON v.id = a.version_id
            JOIN runtime_environments e ON e.id = a.environment_id
            WHERE a.job_id = :jobId AND a.name = %s AND v.status = 'ACTIVE'
            ORDER BY e.slug""".formatted(AliasName.LATEST_SQL);

    private static final String SOFT_DELETE = """
            UPDATE jobs SET deleted_at = now(), updated_at = now() WHERE id = :jobId""";

    private final Postgres postgres;
    private final CatalogChanges catalog;

    DeleteJob(Postgres postgres, CatalogChanges catalog) {
        this.postgres = postgres;
        this.catalog = catalog;
    }

    public Uni<UUID> delete(Caller caller, String slug) {
        return postgres.transaction(sql -> JobRows.require(sql, caller.projectId(), slug, JobRows.Lock.UPDATE)
                        .call(jobId -> sql.list(
                                        ACTIVE_ENVIRONMENTS,
                                        Parameters.with("jobId", jobId),
                                        row -> row.getString("slug"))
                                .invoke(active -> {
                                    if (!active.isEmpty()) {
                                        throw new Conflict("Job '" + slug + "' is still active in environments: "
                                                + String.join(", ", active) + "; disable it there first");
                                    }
                                }))
                        .call(jobId -> sql.execute(SOFT_DELETE, Parameters.with("jobId", jobId))))
                .invoke(() -> catalog.changed(caller.projectId()));
    }
}
