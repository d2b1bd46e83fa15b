package io.kongflow.jobs.execution;

import io.kongflow.jobs.execution.Outcome.TaskChange;
import io.kongflow.jobs.persistence.Parameters;
import io.kongflow.jobs.persistence.Statements;
import io.smallrye.mutiny.Uni;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/** The task writes an execution answer carries, inside the answer's transaction. */
final class TaskChanges {

    private static final String ERRORED = """
            UPDATE job_tasks SET status = 'ERRORED', output = CAST(CAST(:output AS text) AS jsonb),
                output_is_undefined = false, completed_at = now(), updated_at = now()
            WHERE id = :taskId AND run_id = :runId AND status IN ('PENDING', 'WAITING', 'RUNNING')""";

    private static final String COMPLETED = """
            WITH task AS (
                UPDATE job_tasks SET status = 'COMPLETED', output = CAST(CAST(:output AS text) AS jsonb),
                    output_is_undefined = :undefined, completed_at = now(), updated_at = now()
                WHERE id = :taskId AND run_id = :runId AND status IN ('PENDING', 'WAITING', 'RUNNING') RETURNING id)
            UPDATE job_task_attempts SET status = 'COMPLETED', updated_at = now()
            WHERE task_id IN (SELECT id FROM task) AND status = 'PENDING'""";

    // The attempt count is what ends the SDK's retries: each retry adds one.
    private static final String RETRY = """
            WITH task AS (
                UPDATE job_tasks SET status = 'WAITING', resume_at = :retryAt, updated_at = now()
                WHERE id = :taskId AND run_id = :runId AND status IN ('PENDING', 'WAITING', 'RUNNING') RETURNING id),
            failed AS (
                UPDATE job_task_attempts SET status = 'ERRORED', error = :error, updated_at = now()
                WHERE task_id IN (SELECT id FROM task) AND status = 'PENDING' RETURNING id)
            INSERT INTO job_task_attempts (task_id, number, status, run_at)
            SELECT t.id, COALESCE((SELECT max(number) FROM job_task_attempts a WHERE a.task_id = t.id), 0) + 1,
                'PENDING', :retryAt
            FROM task t""";

    /** Open tasks of a run that failed end ERRORED (CANCELED when it was cancelled). */
    static final String CLOSE_OPEN = """
            UPDATE job_tasks SET status = :status, completed_at = now(), updated_at = now()
            WHERE run_id = :runId AND status IN ('PENDING', 'WAITING', 'RUNNING')""";

    private TaskChanges() {}

    static Uni<Integer> apply(Statements sql, UUID runId, TaskChange change) {
        if (change == null) {
            return Uni.createFrom().item(0);
        }
        Parameters parameters = Parameters.with("taskId", change.taskId()).and("runId", runId);
        return switch (change.kind()) {
            case ERRORED -> sql.execute(ERRORED, parameters.and("output", text(change)));
            case COMPLETED ->
                sql.execute(COMPLETED, parameters.and("output", text(change)).and("undefined", change.value() == null));
            case RETRY ->
                sql.execute(
                        RETRY,
                        parameters
                                .and("error", change.error())
                                .and("retryAt", OffsetDateTime.ofInstant(change.retryAt(), ZoneOffset.UTC)));
        };
    }

    private static String text(TaskChange change) {
        return change.value() == null ? null : change.value().toString();
    }
}
