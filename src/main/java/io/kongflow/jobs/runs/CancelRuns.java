package io.kongflow.jobs.runs;

import io.kongflow.jobs.persistence.JobRows;
import io.kongflow.jobs.persistence.Parameters;
import io.kongflow.jobs.persistence.Postgres;
import io.kongflow.jobs.runs.RunViews.CancelResult;
import io.kongflow.jobs.tenancy.Caller;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Cancels the unfinished runs of a job in the caller's environment; finished runs are left alone.
 * A cancelled run that had started gives its place in the queue back.
 */
@ApplicationScoped
public class CancelRuns {

    private static final String CANCEL = """
            WITH target AS (
                SELECT id, status, queue_id FROM job_runs
                WHERE job_id = :jobId AND environment_id = :environmentId AND status = ANY(CAST(:open AS text[]))
                ORDER BY id FOR UPDATE),
            cancelled AS (
                UPDATE job_runs r SET status = 'CANCELED', completed_at = now(), updated_at = now()
                FROM target t WHERE r.id = t.id
                RETURNING r.id, t.status, t.queue_id),
            released AS (
                UPDATE job_queues q SET job_count = GREATEST(q.job_count - c.started, 0), updated_at = now()
                FROM (SELECT queue_id, count(*) AS started FROM cancelled WHERE status = ANY(CAST(:running AS text[])) GROUP BY queue_id) c
                WHERE q.id = c.queue_id)
            SELECT id FROM cancelled ORDER BY id""";

    private final Postgres postgres;

    CancelRuns(Postgres postgres) {
        this.postgres = postgres;
    }

    public Uni<CancelResult> cancel(Caller caller, String slug) {
        return postgres.transaction(sql -> JobRows.require(sql, caller.projectId(), slug, JobRows.Lock.NONE)
                .chain(jobId -> sql.list(
                        CANCEL,
                        Parameters.with("jobId", jobId)
                                .and("environmentId", caller.environmentId())
                                .and("open", RunStates.OPEN.toArray(String[]::new))
                                .and("running", RunStates.RUNNING.toArray(String[]::new)),
                        row -> row.getUUID("id")))
                .map(cancelled -> new CancelResult(cancelled, List.of())));
    }
}
