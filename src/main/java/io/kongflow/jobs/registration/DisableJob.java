package io.kongflow.jobs.registration;

import io.kongflow.jobs.persistence.AliasName;
import io.kongflow.jobs.persistence.CatalogChanges;
import io.kongflow.jobs.persistence.JobRows;
import io.kongflow.jobs.persistence.Parameters;
import io.kongflow.jobs.persistence.Postgres;
import io.kongflow.jobs.persistence.Statements;
import io.kongflow.jobs.tenancy.Caller;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * Disables one version of a job in the caller's environment: the version becomes DISABLED and,
 * when the dispatcher delivers to it, the dispatcher is disabled and the schedule deactivated. An
 * unknown job or version changes nothing. Locks the job row first, as registration does, so that
 * the two never interleave.
 */
@ApplicationScoped
public class DisableJob {

    // With an endpoint: only while that version is still the latest and came from that endpoint
    // (a sync's list of missing jobs may be outdated by a registration that committed since).
    private static final String DISABLE_VERSION = """
            UPDATE job_versions SET status = 'DISABLED', updated_at = now()
            WHERE job_id = :jobId AND environment_id = :environmentId AND version = :version AND status = 'ACTIVE'
              AND (CAST(:endpointId AS uuid) IS NULL OR (endpoint_id = CAST(:endpointId AS uuid) AND id = (
                   SELECT version_id FROM job_aliases
                   WHERE job_id = :jobId AND environment_id = :environmentId AND name = %s)))
            RETURNING id""".formatted(AliasName.LATEST_SQL);

    private final Postgres postgres;
    private final DispatcherReset dispatcher;
    private final CatalogChanges catalog;

    DisableJob(Postgres postgres, DispatcherReset dispatcher, CatalogChanges catalog) {
        this.postgres = postgres;
        this.dispatcher = dispatcher;
        this.catalog = catalog;
    }

    /** True when a version was disabled; a deleted job is left alone. */
    public Uni<Boolean> disable(Caller caller, String jobSlug, String version) {
        return disable(caller, jobSlug, version, null);
    }

    /** As {@link #disable(Caller, String, String)}, only if that version is latest and came from the endpoint. */
    public Uni<Boolean> disableMissing(Caller caller, String jobSlug, String version, UUID endpointId) {
        return disable(caller, jobSlug, version, endpointId);
    }

    private Uni<Boolean> disable(Caller caller, String jobSlug, String version, UUID endpointId) {
        return postgres.transaction(sql -> JobRows.find(sql, caller.projectId(), jobSlug, JobRows.Lock.UPDATE)
                        .chain(jobId -> jobId == null
                                ? Uni.createFrom().item(false)
                                : disable(sql, caller, jobId, jobSlug, version, endpointId)))
                .invoke(disabled -> {
                    if (disabled) {
                        catalog.changed(caller.projectId());
                    }
                });
    }

    private Uni<Boolean> disable(
            Statements sql, Caller caller, UUID jobId, String jobSlug, String version, UUID endpointId) {
        Parameters parameters = Parameters.with("jobId", jobId)
                .and("environmentId", caller.environmentId())
                .and("version", version)
                .and("endpointId", endpointId == null ? null : endpointId.toString());
        return sql.first(DISABLE_VERSION, parameters, row -> row.getUUID("id"))
                .chain(versionId -> versionId == null
                        ? Uni.createFrom().item(false)
                        : dispatcher
                                .disable(sql, caller.environmentId(), jobId, jobSlug, versionId)
                                .replaceWith(true));
    }
}
