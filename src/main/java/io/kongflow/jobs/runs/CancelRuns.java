package io.kongflow.jobs.runs;

import io.kongflow.jobs.ops.ServiceMetrics;
import io.kongflow.jobs.persistence.JobRows;
import io.kongflow.jobs.persistence.Parameters;
import io.kongflow.jobs.persistence.Postgres;
import io.kongflow.jobs.persistence.RunStatus;
import io.kongflow.jobs.runs.RunViews.CancelResult;
import io.kongflow.jobs.tenancy.Caller;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import java.util.List;

/**
 * Cancels the unfinished runs of a job in the caller's environment; finished runs are left alone.
 * Their open tasks are cancelled with them.
 */
@ApplicationScoped
public class CancelRuns {

    // A run with an execution in flight keeps its queue slot until that execution ends (its
    // answer is then ignored), so the queue limit holds even for cancelled runs.
    /** Not final: can still be cancelled. */
    private static final String[] OPEN = Arrays.stream(RunStatus.values())
            .filter(status -> !status.isFinal())
            .map(Enum::name)
            .toArray(String[]::new);

    /** Cancels the runs of {@code target}, and their open tasks. */
    private static final String CANCEL_TARGETS = """
            cancelled AS (
                UPDATE job_runs r SET status = 'CANCELED', completed_at = now(), next_execution_at = NULL,
                    updated_at = now()
                FROM target t WHERE r.id = t.id
                RETURNING r.id),
            tasks AS (
                UPDATE job_tasks k SET status = 'CANCELED', completed_at = now(), updated_at = now()
                FROM cancelled c WHERE k.run_id = c.id AND k.status IN ('PENDING', 'WAITING', 'RUNNING'))
            SELECT id FROM cancelled ORDER BY id""";

    private static final String CANCEL = """
            WITH target AS (
                SELECT id FROM job_runs
                WHERE job_id = :jobId AND environment_id = :environmentId AND status = ANY(CAST(:open AS text[]))
                ORDER BY id FOR UPDATE),
            """ + CANCEL_TARGETS;

    private static final String CANCEL_FOR_EVENT = """
            WITH target AS (
                SELECT r.id FROM event_records e JOIN job_runs r ON r.event_id = e.id
                WHERE e.event_id = :eventId AND e.environment_id = :environmentId
                  AND r.status = ANY(CAST(:open AS text[]))
                ORDER BY r.id FOR UPDATE OF r),
            """ + CANCEL_TARGETS;

    private static final String EVENT_EXISTS = """
            SELECT 1 FROM event_records WHERE event_id = :eventId AND environment_id = :environmentId""";

    private final Postgres postgres;
    private final ServiceMetrics metrics;

    CancelRuns(Postgres postgres, ServiceMetrics metrics) {
        this.postgres = postgres;
        this.metrics = metrics;
    }

    /**
     * Cancels the unfinished runs an event (its id as sent, in the caller's environment) started;
     * a null item when there is no such event.
     */
    public Uni<CancelResult> cancelForEvent(Caller caller, String eventId) {
        return postgres.transaction(sql -> sql.first(
                                EVENT_EXISTS,
                                Parameters.with("eventId", eventId).and("environmentId", caller.environmentId()),
                                row -> true)
                        .chain(exists -> exists == null
                                ? Uni.createFrom().<CancelResult>nullItem()
                                : sql.list(
                                                CANCEL_FOR_EVENT,
                                                Parameters.with("eventId", eventId)
                                                        .and("environmentId", caller.environmentId())
                                                        .and("open", OPEN),
                                                row -> row.getUUID("id"))
                                        .map(cancelled -> new CancelResult(cancelled, List.of()))))
                .invoke(result -> {
                    if (result != null) {
                        metrics.runEnded(
                                RunStatus.CANCELED, result.cancelledRunIds().size());
                    }
                });
    }

    public Uni<CancelResult> cancel(Caller caller, String slug) {
        return postgres.transaction(sql -> JobRows.require(sql, caller.projectId(), slug, JobRows.Lock.NONE)
                        .chain(jobId -> sql.list(
                                CANCEL,
                                Parameters.with("jobId", jobId)
                                        .and("environmentId", caller.environmentId())
                                        .and("open", OPEN),
                                row -> row.getUUID("id")))
                        .map(cancelled -> new CancelResult(cancelled, List.of())))
                .invoke(result -> metrics.runEnded(
                        RunStatus.CANCELED, result.cancelledRunIds().size()));
    }
}
