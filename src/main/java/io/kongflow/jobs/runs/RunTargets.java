package io.kongflow.jobs.runs;

import io.kongflow.jobs.persistence.NativeSql;
import io.kongflow.jobs.problem.Conflict;
import io.kongflow.jobs.problem.NotFound;
import io.kongflow.jobs.tenancy.Caller;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Finds the version a test or invocation runs — a named version, or the one {@code latest} names —
 * always within the caller's environment, and refuses what cannot run (SPEC §8).
 */
@ApplicationScoped
class RunTargets {

    // Held until commit: a concurrent disable, delete or alias pin (NO KEY UPDATE on the job row)
    // waits for this run to be written, or this run sees what it committed.
    private static final String LOCK_JOB = """
            SELECT id FROM jobs WHERE project_id = :projectId AND slug = :slug AND deleted_at IS NULL FOR SHARE""";

    private static final String TARGET = """
            SELECT j.id, j.internal, v.id, v.version, v.status, v.queue_id, v.endpoint_id, ep.url, v.preprocess_runs,
                   o.runs_enabled,
                   CASE jsonb_typeof(v.event_specification -> 'name')
                        WHEN 'array' THEN v.event_specification -> 'name' ->> 0
                        ELSE v.event_specification ->> 'name' END,
                   v.event_specification ->> 'source'
            FROM jobs j
            JOIN organizations o ON o.id = j.organization_id
            JOIN job_versions v ON v.job_id = j.id AND v.environment_id = :environmentId
            JOIN endpoints ep ON ep.id = v.endpoint_id
            WHERE j.project_id = :projectId AND j.slug = :slug AND j.deleted_at IS NULL
              AND (CASE WHEN CAST(:version AS text) IS NULL
                        THEN v.id = (SELECT a.version_id FROM job_aliases a WHERE a.job_id = j.id
                                     AND a.environment_id = :environmentId AND a.name = 'latest')
                        ELSE v.version = CAST(:version AS text) END)
            FOR SHARE OF ep""";

    /** The runnable target, or a 404 (unknown job or version) or 409 (it cannot run now). */
    Uni<RunTarget> find(Caller caller, String slug, String version) {
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("environmentId", caller.environmentId());
        parameters.put("projectId", caller.projectId());
        parameters.put("slug", slug);
        parameters.put("version", version);
        return NativeSql.column(LOCK_JOB, UUID.class, Map.of("projectId", caller.projectId(), "slug", slug))
                .chain(() -> NativeSql.row(TARGET, parameters))
                .onItem()
                .ifNull()
                .failWith(() -> new NotFound(
                        version == null
                                ? "Job '" + slug + "' or its latest version in this environment"
                                : "Version '" + version + "' of job '" + slug + "'"))
                .map(RunTargets::target)
                .invoke(RunTargets::requireRunnable);
    }

    private static RunTarget target(Object[] row) {
        return new RunTarget(
                (UUID) row[0],
                (Boolean) row[1],
                (UUID) row[2],
                (String) row[3],
                (String) row[4],
                (UUID) row[5],
                (UUID) row[6],
                (String) row[7],
                (Boolean) row[8],
                (Boolean) row[9],
                (String) row[10],
                (String) row[11]);
    }

    private static void requireRunnable(RunTarget target) {
        if (!"ACTIVE".equals(target.status())) {
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
