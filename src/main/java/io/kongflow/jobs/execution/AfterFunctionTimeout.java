package io.kongflow.jobs.execution;

import io.kongflow.jobs.config.KongflowConfig;
import io.kongflow.jobs.execution.Outcome.Continue;
import io.kongflow.jobs.persistence.Parameters;
import io.kongflow.jobs.persistence.RunStatus;
import io.kongflow.jobs.persistence.Statements;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/**
 * What a serverless platform's function timeout means for the run, as the v2 server decided: the
 * run's time used up, or no task created by the cut-off execution (it would be cut off again
 * forever), ends it TIMED_OUT; otherwise the endpoint learns its platform's limit and the run is
 * executed again at once, not counted as a failure.
 */
@ApplicationScoped
class AfterFunctionTimeout {

    /** A platform timeout teaches the endpoint a chunk limit in this range (the v2 server's). */
    static final long MIN_CHUNK_LIMIT_MS = 10_000;

    static final long MAX_CHUNK_LIMIT_MS = 120_000;
    /** The SDK is told to yield this long before the learned limit. */
    static final long CHUNK_LIMIT_BUFFER_MS = 350;

    // The run's tasks now, and the latest one (the one a timed-out function was probably in).
    private static final String TASKS = """
            SELECT (SELECT count(*) FROM job_tasks WHERE run_id = :runId) AS tasks,
                latest.status AS latest, COALESCE(latest.display_key, latest.name) AS latest_name
            FROM (SELECT 1) one LEFT JOIN LATERAL (
                SELECT status, display_key, name FROM job_tasks WHERE run_id = :runId ORDER BY seq DESC LIMIT 1) latest
            ON true""";

    private static final String LEARN_CHUNK_LIMIT = """
            UPDATE endpoints SET run_chunk_execution_limit_ms = :limitMs, updated_at = now()
            WHERE id = (SELECT endpoint_id FROM job_runs WHERE id = :runId)""";

    private record Tasks(int count, String latestStatus, String latestName) {}

    private final long maxExecutionMs;

    AfterFunctionTimeout(KongflowConfig config) {
        this.maxExecutionMs = config.execution().maxExecutionTime().toMillis();
    }

    /** The outcome to apply in place of the timeout (learning the endpoint's limit on the way). */
    Uni<Outcome> decide(Statements sql, LockedRun run, Outcome.FunctionTimedOut timedOut, long durationMs) {
        if (run.totalDurationMs() >= maxExecutionMs) {
            return Uni.createFrom()
                    .item(Outcome.fail(
                            RunStatus.TIMED_OUT, "Execution timed out after " + maxExecutionMs / 1000 + " seconds"));
        }
        return sql.first(
                        TASKS,
                        Parameters.with("runId", run.id()),
                        row -> new Tasks(
                                row.getLong("tasks").intValue(), row.getString("latest"), row.getString("latest_name")))
                .chain(tasks -> {
                    if (tasks.count() <= timedOut.tasksBefore()) {
                        return Uni.createFrom().item(withoutProgress(tasks, durationMs));
                    }
                    long limit = Math.min(Math.max(durationMs, MIN_CHUNK_LIMIT_MS), MAX_CHUNK_LIMIT_MS);
                    return sql.execute(
                                    LEARN_CHUNK_LIMIT,
                                    Parameters.with("runId", run.id()).and("limitMs", (int) limit))
                            .replaceWith(new Continue(RunStatus.WAITING_TO_EXECUTE, Instant.now(), null, null));
                });
    }

    private static Outcome withoutProgress(Tasks tasks, long durationMs) {
        String cause = "RUNNING".equals(tasks.latestStatus())
                ? "This is likely caused by task \"" + tasks.latestName()
                        + "\" execution exceeding the function timeout"
                : "This is likely caused by executing code outside of a task that exceeded the function timeout";
        return Outcome.fail(
                RunStatus.TIMED_OUT,
                "Function timeout detected in " + durationMs / 1000.0
                        + "s without any task creation. This is unexpected behavior and could"
                        + " lead to an infinite execution error because the run will never"
                        + " finish. " + cause);
    }
}
