package io.kongflow.jobs.execution;

import io.kongflow.jobs.persistence.Parameters;
import io.kongflow.jobs.persistence.Postgres;
import io.kongflow.jobs.tracing.RunTrace;
import io.kongflow.jobs.tracing.TaskSpans;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * Before a run's execution, moves its waiting tasks whose time came on (a wait over, a retry delay
 * passed, a callback task timed out), in one statement, and makes the spans of those it ended.
 */
@ApplicationScoped
class DueTasks {

    // A task whose wait or retry delay has passed moves on before the SDK replays it; a callback task
    // whose timeout passed fails as v2 failed it (its output the message, which the SDK shows). Only
    // an open task changes: a request to its URL racing the timeout ends it once (TaskWaits).
    // The tasks it ends are returned for their spans (a wait's lasts from its start to now).
    private static final String RESUME_DUE_TASKS = """
            WITH due AS (
                UPDATE job_tasks SET status = CASE WHEN noop THEN 'COMPLETED' ELSE 'RUNNING' END,
                    completed_at = CASE WHEN noop THEN now() END, updated_at = now()
                WHERE run_id = :runId AND status = 'WAITING' AND callback_url IS NULL AND operation IS NULL
                  AND COALESCE(resume_at, delay_until, now()) <= now()
                RETURNING id, parent_id, name, display_key, status, noop, delay_until, started_at, completed_at),
            timed_out AS (
                UPDATE job_tasks SET status = 'ERRORED', output = to_jsonb(CAST(:timedOut AS text)),
                    output_is_undefined = false, error = :timedOut, completed_at = now(), updated_at = now()
                WHERE run_id = :runId AND status = 'WAITING' AND callback_timeout_at <= now()
                RETURNING id, parent_id, name, display_key, status, noop, delay_until, started_at, completed_at),
            attempts AS (
                UPDATE job_task_attempts SET status = 'ERRORED', error = :timedOut, updated_at = now()
                WHERE task_id IN (SELECT id FROM timed_out) AND status = 'PENDING')
            SELECT *, NULL AS error FROM due WHERE status = 'COMPLETED'
            UNION ALL SELECT *, CAST(:timedOut AS text) AS error FROM timed_out""";

    static final String CALLBACK_TIMED_OUT = "Remote callback timeout - no requests received";

    private final Postgres postgres;
    private final TaskSpans spans;

    DueTasks(Postgres postgres, TaskSpans spans) {
        this.postgres = postgres;
        this.spans = spans;
    }

    Uni<Void> moveOn(UUID runId, RunTrace trace) {
        return postgres.statements()
                .list(
                        RESUME_DUE_TASKS,
                        Parameters.with("runId", runId).and("timedOut", CALLBACK_TIMED_OUT),
                        DueTasks::endedTask)
                .invoke(ended -> ended.forEach(task -> spans.ended(trace, task)))
                .replaceWithVoid();
    }

    /** A task this statement ended (a wait over, a callback timed out), for its span. */
    private static TaskSpans.EndedTask endedTask(Row row) {
        return TaskSpans.EndedTask.from(row, row.getValue("delay_until") != null, 1);
    }
}
