package io.kongflow.jobs.runs;

import io.kongflow.jobs.persistence.AliasName;
import io.kongflow.jobs.persistence.JobRows;
import io.kongflow.jobs.persistence.Parameters;
import io.kongflow.jobs.persistence.Statements;
import io.kongflow.jobs.persistence.VersionStatus;
import io.kongflow.jobs.problem.Conflict;
import io.kongflow.jobs.problem.NotFound;
import io.kongflow.jobs.tenancy.Caller;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Finds the version a test or invocation runs — a named version, or the one {@code latest} names —
 * always within the caller's environment, and refuses what cannot run.
 */
@ApplicationScoped
class RunTargets {

    private static final String TARGET = """
            SELECT j.id AS job_id, j.internal, v.id AS version_id, v.version, v.status, v.queue_id, v.endpoint_id,
                   ep.url AS endpoint_url, v.preprocess_runs, o.runs_enabled,
                   CASE jsonb_typeof(v.event_specification -> 'name')
                        WHEN 'array' THEN v.event_specification -> 'name' ->> 0
                        ELSE v.event_specification ->> 'name' END AS event_name,
                   v.event_specification ->> 'source' AS event_source
            FROM jobs j
            JOIN organizations o ON o.id = j.organization_id
            JOIN job_versions v ON v.job_id = j.id AND v.environment_id = :environmentId
            JOIN endpoints ep ON ep.id = v.endpoint_id
            WHERE j.project_id = :projectId AND j.slug = :slug AND j.deleted_at IS NULL
              AND (CASE WHEN CAST(:version AS text) IS NULL
                        THEN v.id = (SELECT a.version_id FROM job_aliases a WHERE a.job_id = j.id
                                     AND a.environment_id = :environmentId AND a.name = %s)
                        ELSE v.version = CAST(:version AS text) END)
            FOR SHARE OF ep""".formatted(AliasName.LATEST_SQL);

    /** The runnable target, or a 404 (unknown job or version) or 409 (it cannot run now). */
    Uni<RunTarget> find(Statements sql, Caller caller, String slug, String version) {
        Parameters parameters = Parameters.with("environmentId", caller.environmentId())
                .and("projectId", caller.projectId())
                .and("slug", slug)
                .and("version", version);
        // The share lock is held until commit: a concurrent disable, delete or alias pin waits for
        // this run to be written, or this run sees what it committed.
        return JobRows.find(sql, caller.projectId(), slug, JobRows.Lock.SHARE)
                .chain(() -> sql.first(TARGET, parameters, RunTarget::from))
                .onItem()
                .ifNull()
                .failWith(() -> new NotFound(
                        version == null
                                ? "Job '" + slug + "' or its latest version in this environment"
                                : "Version '" + version + "' of job '" + slug + "'"))
                .invoke(RunTargets::requireRunnable);
    }

    private static void requireRunnable(RunTarget target) {
        if (target.status() != VersionStatus.ACTIVE) {
            throw new Conflict("Version " + target.version() + " is disabled");
        }
        if (!target.runsEnabled()) {
            throw new Conflict("Runs are disabled for this organization");
        }
        if (target.endpointUrl() == null) {
            throw new Conflict("The endpoint of version " + target.version() + " has been deleted");
        }
    }
}
