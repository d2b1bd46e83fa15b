package io.kongflow.jobs.registration;

import io.kongflow.jobs.persistence.Postgres;
import io.kongflow.jobs.persistence.Statements;
import io.kongflow.jobs.tenancy.Caller;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Disables one version of a job in the caller's environment (SPEC §6): the version becomes
 * DISABLED and, when the dispatcher delivers to it, the dispatcher is disabled and the schedule
 * deactivated. An unknown job or version changes nothing. Locks the job row first, as
 * registration does, so that the two never interleave.
 */
@ApplicationScoped
public class DisableJob {

    private static final String LOCK_JOB = """
            SELECT id FROM jobs WHERE project_id = :projectId AND slug = :slug AND deleted_at IS NULL
            FOR NO KEY UPDATE""";

    // With an endpoint: only while that version is still the latest and came from that endpoint
    // (a sync's list of missing jobs may be outdated by a registration that committed since).
    private static final String DISABLE_VERSION = """
            UPDATE job_versions SET status = 'DISABLED', updated_at = now()
            WHERE job_id = :jobId AND environment_id = :environmentId AND version = :version AND status = 'ACTIVE'
              AND (CAST(:endpointId AS uuid) IS NULL OR (endpoint_id = CAST(:endpointId AS uuid) AND id = (
                   SELECT version_id FROM job_aliases
                   WHERE job_id = :jobId AND environment_id = :environmentId AND name = 'latest')))
            RETURNING id""";

    private static final String DISABLE_DISPATCHER = """
            UPDATE event_dispatchers SET enabled = false, updated_at = now()
            WHERE dispatchable_id = :jobId AND environment_id = :environmentId AND dispatchable ->> 'id' = :versionId
            RETURNING id""";

    private static final String DEACTIVATE_SCHEDULE = """
            UPDATE schedule_sources SET active = false, next_event_at = NULL, updated_at = now()
            WHERE dispatcher_id = :dispatcherId AND active""";

    private final Postgres postgres;

    DisableJob(Postgres postgres) {
        this.postgres = postgres;
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
        return postgres.transaction(sql -> sql.<UUID>column(
                        LOCK_JOB, Map.of("projectId", caller.projectId(), "slug", jobSlug))
                .chain(jobs -> jobs.isEmpty()
                        ? Uni.createFrom().item(false)
                        : disable(sql, caller, jobs.get(0), version, endpointId)));
    }

    private Uni<Boolean> disable(Statements sql, Caller caller, UUID jobId, String version, UUID endpointId) {
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("jobId", jobId);
        parameters.put("environmentId", caller.environmentId());
        parameters.put("version", version);
        parameters.put("endpointId", endpointId == null ? null : endpointId.toString());
        return sql.<UUID>column(DISABLE_VERSION, parameters)
                .chain(versions -> versions.isEmpty()
                        ? Uni.createFrom().item(false)
                        : sql.<UUID>column(
                                        DISABLE_DISPATCHER,
                                        Map.of(
                                                "jobId",
                                                jobId.toString(),
                                                "environmentId",
                                                caller.environmentId(),
                                                "versionId",
                                                versions.get(0).toString()))
                                .call(dispatchers -> dispatchers.isEmpty()
                                        ? Uni.createFrom().voidItem()
                                        : sql.execute(DEACTIVATE_SCHEDULE, Map.of("dispatcherId", dispatchers.get(0))))
                                .replaceWith(true));
    }
}
