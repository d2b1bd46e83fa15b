package io.kongflow.jobs.registration;

import io.kongflow.jobs.persistence.NativeSql;
import io.kongflow.jobs.tenancy.Caller;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

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
            SELECT id FROM jobs WHERE project_id = :projectId AND slug = :slug FOR UPDATE""";

    private static final String DISABLE_VERSION = """
            UPDATE job_versions SET status = 'DISABLED', updated_at = now()
            WHERE job_id = :jobId AND environment_id = :environmentId AND version = :version AND status = 'ACTIVE'
            RETURNING id""";

    private static final String DISABLE_DISPATCHER = """
            UPDATE event_dispatchers SET enabled = false, updated_at = now()
            WHERE dispatchable_id = :jobId AND environment_id = :environmentId AND dispatchable ->> 'id' = :versionId
            RETURNING id""";

    private static final String DEACTIVATE_SCHEDULE = """
            UPDATE schedule_sources SET active = false, next_event_at = NULL, updated_at = now()
            WHERE dispatcher_id = :dispatcherId AND active""";

    /** True when a version was disabled. */
    @WithTransaction
    public Uni<Boolean> disable(Caller caller, String jobSlug, String version) {
        return NativeSql.column(LOCK_JOB, UUID.class, Map.of("projectId", caller.projectId(), "slug", jobSlug))
                .chain(jobs -> jobs.isEmpty() ? Uni.createFrom().item(false) : disable(caller, jobs.get(0), version));
    }

    private Uni<Boolean> disable(Caller caller, UUID jobId, String version) {
        return NativeSql.column(DISABLE_VERSION, UUID.class, Map.of("jobId", jobId,
                        "environmentId", caller.environmentId(), "version", version))
                .chain(versions -> versions.isEmpty() ? Uni.createFrom().item(false)
                        : NativeSql.column(DISABLE_DISPATCHER, UUID.class, Map.of("jobId", jobId.toString(),
                                        "environmentId", caller.environmentId(), "versionId", versions.get(0).toString()))
                                .call(dispatchers -> dispatchers.isEmpty() ? Uni.createFrom().voidItem()
                                        : NativeSql.execute(DEACTIVATE_SCHEDULE, Map.of("dispatcherId", dispatchers.get(0))))
                                .replaceWith(true));
    }
}
