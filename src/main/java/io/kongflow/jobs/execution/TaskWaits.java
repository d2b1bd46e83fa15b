package io.kongflow.jobs.execution;

import com.fasterxml.jackson.databind.JsonNode;
import io.kongflow.jobs.persistence.Parameters;
import io.kongflow.jobs.persistence.Statements;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * Ends a task from outside an execution (a request to its callback URL, a matching event, a
 * background fetch, a timeout) inside its caller's transaction, and makes the run due when it was
 * waiting for that task. Only an open task ends, so a repeat changes nothing.
 *
 * <p>The run's row is locked before the task's, in the order an execution's outcome takes them:
 * the outcome that makes a run wait reads the task after it locked the run, so either the task
 * ended first and the run continues at once, or the run waits first and is resumed here.
 */
@ApplicationScoped
public class TaskWaits {

    /** How a task ends. */
    public enum Ending {
        COMPLETED,
        ERRORED
    }

    private static final String LOCK_RUN = """
            SELECT r.id FROM job_runs r JOIN job_tasks t ON t.run_id = r.id
            WHERE t.id = :taskId FOR UPDATE OF r""";

    private static final String END = """
            WITH task AS (
                UPDATE job_tasks SET status = :status, output = CAST(CAST(:output AS text) AS jsonb),
                    output_is_undefined = false, error = CAST(:error AS text), completed_at = now(), updated_at = now()
                WHERE id = :taskId AND status IN ('PENDING', 'WAITING', 'RUNNING') RETURNING id),
            attempt AS (
                UPDATE job_task_attempts SET status = :status, error = CAST(:error AS text), updated_at = now()
                WHERE task_id IN (SELECT id FROM task) AND status = 'PENDING')
            SELECT count(*) AS ended FROM task""";

    private static final String RESUME = """
            UPDATE job_runs SET next_execution_at = now(), waiting_for_task_id = NULL, updated_at = now()
            WHERE id = :runId AND status = 'WAITING_TO_CONTINUE' AND waiting_for_task_id = :taskId""";

    // Every replica's worker LISTENs on this channel (the one a new run notifies): the resumed run is
    // claimed at once by whichever replica has a slot.
    private static final String WAKE_EXECUTIONS = "SELECT pg_notify('" + ExecutionWakeups.CHANNEL + "', '')";

    /**
     * Ends the task with {@code output} ({@code error}: the message an errored task keeps) unless it
     * has ended already, and resumes its run. True when this call ended it; null item when there is
     * no such task.
     */
    public Uni<Boolean> end(Statements sql, UUID taskId, Ending ending, JsonNode output, String error) {
        Parameters task = Parameters.with("taskId", taskId);
        return sql.first(LOCK_RUN, task, row -> row.getUUID("id")).chain(runId -> {
            if (runId == null) {
                return Uni.createFrom().nullItem();
            }
            Parameters values = task.and("status", ending.name())
                    .and("output", output == null ? null : output.toString())
                    .and("error", ending == Ending.ERRORED ? error : null);
            return sql.first(END, values, row -> row.getLong("ended") > 0)
                    .chain(ended -> ended
                            ? resume(sql, runId, taskId).replaceWith(true)
                            : Uni.createFrom().item(false));
        });
    }

    private static Uni<Void> resume(Statements sql, UUID runId, UUID taskId) {
        return sql.execute(RESUME, Parameters.with("runId", runId).and("taskId", taskId))
                .chain(resumed -> resumed > 0
                        ? sql.first(WAKE_EXECUTIONS, Parameters.NONE, row -> true)
                                .replaceWithVoid()
                        : Uni.createFrom().voidItem());
    }
}
