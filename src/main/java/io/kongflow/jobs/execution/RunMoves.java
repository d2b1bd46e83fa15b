package io.kongflow.jobs.execution;

import io.kongflow.jobs.config.KongflowConfig;
import io.kongflow.jobs.execution.Outcome.Continue;
import io.kongflow.jobs.execution.Outcome.Finish;
import io.kongflow.jobs.persistence.Parameters;
import io.kongflow.jobs.persistence.Rows;
import io.kongflow.jobs.persistence.RunStatus;
import io.kongflow.jobs.persistence.Statements;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * Moves an executing run as its execution's outcome says, inside the outcome's transaction: it
 * ends with a final status, or waits for a next time a claim will find (a delay, a retry, a
 * backoff after its endpoint failed), with the task the answer changed.
 */
@ApplicationScoped
class RunMoves {

    static final int MAX_YIELDS = 100;

    private static final String FINISH = """
            UPDATE job_runs SET status = :status, output = COALESCE(CAST(CAST(:output AS text) AS jsonb), output),
                completed_at = now(), next_execution_at = NULL, updated_at = now()
            WHERE id = :runId""";

    private static final String CONTINUE = """
            UPDATE job_runs SET status = :status, next_execution_at = :at,
                waiting_for_task_id = CAST(:waitingFor AS uuid), execution_failure_count = execution_failure_count + :failed,
                yielded_executions = CASE WHEN CAST(:key AS text) IS NULL THEN yielded_executions
                    ELSE array_append(yielded_executions, CAST(:key AS text)) END,
                updated_at = now()
            WHERE id = :runId""";

    // The task a run would wait for may have ended already (its callback came while the run was
    // executing): the outcome's transaction holds the run's lock, which TaskWaits takes first.
    // A callback task keeps its own timeout: the run is due then, and its execution fails the task.
    private static final String TASK_ENDED = """
            SELECT status IN ('COMPLETED', 'ERRORED', 'CANCELED') AS ended, callback_timeout_at FROM job_tasks
            WHERE id = :taskId AND run_id = :runId""";

    private record Waited(boolean ended, Instant callbackTimeoutAt) {}

    private final AfterFunctionTimeout afterFunctionTimeout;
    private final int maxFailures;

    RunMoves(AfterFunctionTimeout afterFunctionTimeout, KongflowConfig config) {
        this.afterFunctionTimeout = afterFunctionTimeout;
        this.maxFailures = config.execution().maxEndpointFailures();
    }

    /** The status the run moved to. */
    Uni<RunStatus> move(Statements sql, LockedRun run, Outcome outcome, long durationMs) {
        if (outcome instanceof Outcome.FunctionTimedOut timedOut) {
            return afterFunctionTimeout
                    .decide(sql, run, timedOut, durationMs)
                    .chain(decided -> move(sql, run, decided, durationMs));
        }
        if (outcome instanceof Outcome.EndpointDown down) {
            int failures = run.failures() + 1;
            return failures >= maxFailures
                    ? finish(sql, run.id(), new Finish(RunStatus.FAILURE, down.error(), null))
                    : proceed(
                            sql,
                            run.id(),
                            new Continue(
                                    RunStatus.WAITING_TO_EXECUTE,
                                    Instant.now().plus(Backoff.after(failures)),
                                    null,
                                    null),
                            1);
        }
        if (outcome instanceof Outcome.WaitForTask wait) {
            return waitFor(sql, run.id(), wait);
        }
        if (outcome instanceof Continue next) {
            if (next.yieldedKey() != null && run.yields() + 1 > MAX_YIELDS) {
                return finish(
                        sql,
                        run.id(),
                        Outcome.fail(
                                RunStatus.FAILURE, "Run has yielded too many times, the maximum is " + MAX_YIELDS));
            }
            return proceed(sql, run.id(), next, 0);
        }
        if (outcome instanceof Finish finish) {
            return finish(sql, run.id(), finish);
        }
        // CANCELED while the run is still executing here (the SDK saw it cancelled, or says so): it
        // ends CANCELED; a run cancelled through the API is no longer EXECUTING and never gets here.
        return finish(sql, run.id(), new Finish(RunStatus.CANCELED, null, null));
    }

    private Uni<RunStatus> waitFor(Statements sql, UUID runId, Outcome.WaitForTask wait) {
        return sql.first(
                        TASK_ENDED,
                        Parameters.with("taskId", wait.taskId()).and("runId", runId),
                        row -> new Waited(row.getBoolean("ended"), Rows.instant(row, "callback_timeout_at")))
                .chain(waited -> {
                    if (waited == null) {
                        return finish(
                                sql,
                                runId,
                                Outcome.fail(
                                        RunStatus.FAILURE,
                                        "The endpoint said the run waits for task " + wait.taskId()
                                                + ", which is not a task of this run"));
                    }
                    boolean ended = waited.ended();
                    Instant timeoutAt = earliest(wait.timeoutAt(), waited.callbackTimeoutAt());
                    Continue next =
                            new Continue(RunStatus.WAITING_TO_CONTINUE, ended ? Instant.now() : timeoutAt, null, null);
                    return proceed(sql, runId, next, 0, ended ? null : wait.taskId());
                });
    }

    private static Instant earliest(Instant a, Instant b) {
        return a == null ? b : b == null || a.isBefore(b) ? a : b;
    }

    private Uni<RunStatus> proceed(Statements sql, UUID runId, Continue next, int failed) {
        return proceed(sql, runId, next, failed, null);
    }

    private Uni<RunStatus> proceed(Statements sql, UUID runId, Continue next, int failed, UUID waitingFor) {
        Parameters parameters = Parameters.with("runId", runId)
                .and("waitingFor", waitingFor == null ? null : waitingFor.toString())
                .and("status", next.status().name())
                .and("at", next.at() == null ? null : OffsetDateTime.ofInstant(next.at(), ZoneOffset.UTC))
                .and("failed", failed)
                .and("key", next.yieldedKey());
        return TaskChanges.apply(sql, runId, next.task())
                .chain(() -> sql.execute(CONTINUE, parameters))
                .replaceWith(next.status());
    }

    private Uni<RunStatus> finish(Statements sql, UUID runId, Finish finish) {
        Parameters parameters = Parameters.with("runId", runId)
                .and("status", finish.status().name())
                .and("output", finish.output() == null ? null : finish.output().toString());
        String closed = finish.status() == RunStatus.TIMED_OUT || finish.status() == RunStatus.CANCELED
                ? "CANCELED"
                : "ERRORED";
        return TaskChanges.apply(sql, runId, finish.task())
                .chain(() -> sql.execute(FINISH, parameters))
                .chain(() -> finish.status() == RunStatus.SUCCESS
                        ? Uni.createFrom().item(0)
                        : sql.execute(
                                TaskChanges.CLOSE_OPEN,
                                Parameters.with("runId", runId).and("status", closed)))
                .replaceWith(finish.status());
    }
}
