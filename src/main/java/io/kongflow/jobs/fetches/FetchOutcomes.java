package io.kongflow.jobs.fetches;

import io.kongflow.jobs.execution.TaskWaits;
import io.kongflow.jobs.execution.TaskWaits.Ending;
import io.kongflow.jobs.persistence.Parameters;
import io.kongflow.jobs.persistence.Postgres;
import io.kongflow.jobs.persistence.Statements;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Writes a fetch's outcome in one transaction, fenced by its lease token: a replica whose lease
 * ran out (another took the fetch over) writes nothing. Completing or erroring the task goes
 * through {@link TaskWaits#end}, which resumes the waiting run; V26's trigger then removes the work.
 * Locks run, then task, then the work row, the order TaskWaits and the execution outcome take.
 */
@ApplicationScoped
class FetchOutcomes {

    private static final String LOCK_RUN = """
            SELECT r.id FROM job_runs r JOIN job_tasks t ON t.run_id = r.id WHERE t.id = :taskId FOR UPDATE OF r""";

    private static final String FENCE = """
            SELECT task_id FROM task_operations WHERE task_id = :taskId AND lease_token = :token FOR UPDATE""";

    private static final String DROP = "DELETE FROM task_operations WHERE task_id = :taskId";

    // The attempt count is what the next retry's delay and limit read: each retry adds one, as the SDK's.
    private static final String RETRY_ATTEMPT = """
            WITH failed AS (
                UPDATE job_task_attempts SET status = 'ERRORED', error = :error, updated_at = now()
                WHERE task_id = :taskId AND status = 'PENDING' RETURNING id)
            INSERT INTO job_task_attempts (task_id, number, status, run_at)
            SELECT CAST(:taskId AS uuid),
                COALESCE((SELECT max(number) FROM job_task_attempts a WHERE a.task_id = :taskId), 0) + 1,
                'PENDING', CAST(:at AS timestamptz)""";

    private static final String DUE_AGAIN = """
            UPDATE task_operations SET due_at = :at, lease_token = NULL, lease_owner = NULL, claims = 0
            WHERE task_id = :taskId""";

    private static final String POLL_ATTEMPT = """
            INSERT INTO job_tasks (run_id, parent_id, idempotency_key, name, icon, status, noop, style, description,
                params, started_at, completed_at)
            SELECT t.run_id, t.id, gen_random_uuid()::text, 'poll attempt', 'activity', 'COMPLETED', true,
                CAST('{"style":"minimal","variant":"info"}' AS jsonb), CAST(:description AS text),
                CAST(CAST(:params AS text) AS jsonb), CAST(:startedAt AS timestamptz), now()
            FROM job_tasks t WHERE t.id = :taskId""";

    private final Postgres postgres;
    private final TaskWaits waits;

    FetchOutcomes(Postgres postgres, TaskWaits waits) {
        this.postgres = postgres;
        this.waits = waits;
    }

    /** True when written; false when the lease was lost (nothing written). */
    Uni<Boolean> write(ClaimedFetch claimed, FetchOutcome outcome) {
        Parameters task = Parameters.with("taskId", claimed.taskId());
        return postgres.transaction(sql -> sql.first(LOCK_RUN, task, row -> true)
                .chain(() -> sql.first(FENCE, task.and("token", claimed.token()), row -> true))
                .chain(held -> held == null
                        ? Uni.createFrom().item(false)
                        : apply(sql, claimed, outcome).replaceWith(true)));
    }

    private Uni<Void> apply(Statements sql, ClaimedFetch claimed, FetchOutcome outcome) {
        Parameters task = Parameters.with("taskId", claimed.taskId());
        return pollAttempt(sql, claimed, outcome.poll()).chain(() -> switch (outcome.kind()) {
            case COMPLETE ->
                waits.end(sql, claimed.taskId(), Ending.COMPLETED, outcome.output(), null)
                        .replaceWithVoid();
            case FAIL ->
                waits.end(sql, claimed.taskId(), Ending.ERRORED, outcome.output(), outcome.error())
                        .replaceWithVoid();
            case RETRY ->
                sql.execute(RETRY_ATTEMPT, task.and("error", outcome.error()).and("at", at(outcome)))
                        .chain(() -> sql.execute(DUE_AGAIN, task.and("at", at(outcome))))
                        .replaceWithVoid();
            case POLL_AGAIN ->
                sql.execute(DUE_AGAIN, task.and("at", at(outcome))).replaceWithVoid();
            case DROP -> sql.execute(DROP, task).replaceWithVoid();
        });
    }

    private static Uni<Integer> pollAttempt(Statements sql, ClaimedFetch claimed, FetchOutcome.PollAttempt poll) {
        if (poll == null) {
            return Uni.createFrom().item(0);
        }
        return sql.execute(
                POLL_ATTEMPT,
                Parameters.with("taskId", claimed.taskId())
                        .and("description", poll.description())
                        .and("params", poll.params().toString())
                        .and("startedAt", OffsetDateTime.ofInstant(poll.startedAt(), ZoneOffset.UTC)));
    }

    private static OffsetDateTime at(FetchOutcome outcome) {
        return OffsetDateTime.ofInstant(outcome.at(), ZoneOffset.UTC);
    }
}
