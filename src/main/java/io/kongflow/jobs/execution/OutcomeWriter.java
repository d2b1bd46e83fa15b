package io.kongflow.jobs.execution;

import io.kongflow.jobs.config.KongflowConfig;
import io.kongflow.jobs.execution.Outcome.Continue;
import io.kongflow.jobs.execution.Outcome.Finish;
import io.kongflow.jobs.persistence.Parameters;
import io.kongflow.jobs.persistence.Postgres;
import io.kongflow.jobs.persistence.RunStatus;
import io.kongflow.jobs.persistence.Statements;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * Applies an execution's outcome in one transaction, only while the execution still owns the
 * run (its token and lease): the lease ends and the counters grow, the run moves on, and the
 * queue slot is given back last.
 */
@ApplicationScoped
class OutcomeWriter {

    static final int MAX_YIELDS = 100;

    // Locks the run if this execution still owns it, ends its lease and counts the execution; the
    // run as it was before is returned.
    private static final String END_LEASE = """
            WITH owned AS (
                SELECT id, status, queue_id, holds_slot, execution_failure_count,
                    cardinality(yielded_executions) AS yields
                FROM job_runs WHERE id = :runId AND execution_token = :token AND lease_owner = :owner FOR UPDATE)
            UPDATE job_runs r SET holds_slot = false, lease_owner = NULL, lease_expires_at = NULL,
                execution_count = r.execution_count + :counted, execution_duration_ms = r.execution_duration_ms + :ms,
                updated_at = now()
            FROM owned WHERE r.id = owned.id
            RETURNING owned.status, owned.queue_id, owned.holds_slot, owned.execution_failure_count, owned.yields""";

    // Last in the transaction: every claim of the queue updates this row, so it is locked only
    // from here to the commit. The notification (sent at commit) wakes the replicas for the slot.
    private static final String FREE_SLOT = """
            WITH freed AS (
                UPDATE job_queues SET job_count = GREATEST(job_count - 1, 0), updated_at = now()
                WHERE id = :queueId AND :holdsSlot RETURNING id)
            SELECT pg_notify('kongflow_execution', '') FROM (SELECT count(*) FROM freed) f""";

    private static final String FINISH = """
            UPDATE job_runs SET status = :status, output = COALESCE(CAST(CAST(:output AS text) AS jsonb), output),
                completed_at = now(), next_execution_at = NULL, updated_at = now()
            WHERE id = :runId""";

    private static final String CONTINUE = """
            UPDATE job_runs SET status = :status, next_execution_at = :at,
                execution_failure_count = execution_failure_count + :failed,
                yielded_executions = CASE WHEN CAST(:key AS text) IS NULL THEN yielded_executions
                    ELSE array_append(yielded_executions, CAST(:key AS text)) END,
                updated_at = now()
            WHERE id = :runId""";

    private record Locked(RunStatus status, UUID queueId, boolean holdsSlot, int failures, int yields) {}

    private final Postgres postgres;
    private final int maxFailures;

    OutcomeWriter(Postgres postgres, KongflowConfig config) {
        this.postgres = postgres;
        this.maxFailures = config.execution().maxEndpointFailures();
    }

    /** The status the run ended in or waits in; a null item when the answer was fenced off. */
    Uni<RunStatus> apply(Claim claim, Outcome outcome, long durationMs, boolean counted) {
        Parameters owned = Parameters.with("runId", claim.runId())
                .and("token", claim.token())
                .and("owner", claim.owner())
                .and("counted", counted ? 1 : 0)
                .and("ms", durationMs);
        return postgres.transaction(sql -> sql.first(
                        END_LEASE,
                        owned,
                        row -> new Locked(
                                RunStatus.valueOf(row.getString("status")),
                                row.getUUID("queue_id"),
                                row.getBoolean("holds_slot"),
                                row.getInteger("execution_failure_count"),
                                row.getInteger("yields")))
                .chain(run -> {
                    if (run == null) {
                        Log.infof(
                                "Run %s: the answer of execution %d is ignored, its lease was lost",
                                claim.runId(), claim.token());
                        return Uni.createFrom().nullItem();
                    }
                    Uni<RunStatus> moved = run.status() != RunStatus.EXECUTING
                            ? Uni.createFrom().item(run.status())
                            : move(sql, claim.runId(), run, outcome);
                    return moved.call(() -> sql.execute(
                            FREE_SLOT, Parameters.with("queueId", run.queueId()).and("holdsSlot", run.holdsSlot())));
                }));
    }

    private Uni<RunStatus> move(Statements sql, UUID runId, Locked run, Outcome outcome) {
        if (outcome instanceof Outcome.EndpointDown down) {
            int failures = run.failures() + 1;
            return failures >= maxFailures
                    ? finish(sql, runId, new Finish(RunStatus.FAILURE, down.error(), null))
                    : proceed(
                            sql,
                            runId,
                            new Continue(
                                    RunStatus.WAITING_TO_EXECUTE,
                                    Instant.now().plus(Backoff.after(failures)),
                                    null,
                                    null),
                            1);
        }
        if (outcome instanceof Continue next) {
            if (next.yieldedKey() != null && run.yields() + 1 > MAX_YIELDS) {
                return finish(
                        sql,
                        runId,
                        Outcome.fail(
                                RunStatus.FAILURE, "Run has yielded too many times, the maximum is " + MAX_YIELDS));
            }
            return proceed(sql, runId, next, 0);
        }
        if (outcome instanceof Finish finish) {
            return finish(sql, runId, finish);
        }
        // CANCELED: the run was cancelled (and its tasks closed) by whoever cancelled it.
        return Uni.createFrom().item(run.status());
    }

    private Uni<RunStatus> proceed(Statements sql, UUID runId, Continue next, int failed) {
        Parameters parameters = Parameters.with("runId", runId)
                .and("status", next.status().name())
                .and("at", next.at() == null ? null : OffsetDateTime.ofInstant(next.at(), ZoneOffset.UTC))
                .and("failed", failed)
                .and("key", next.yieldedKey());
        return TaskChanges.apply(sql, runId, next.task())
                .chain(() -> sql.execute(CONTINUE, parameters))
                .replaceWith(next.status());
    }

    Uni<RunStatus> finish(Statements sql, UUID runId, Finish finish) {
        Parameters parameters = Parameters.with("runId", runId)
                .and("status", finish.status().name())
                .and("output", finish.output() == null ? null : finish.output().toString());
        String closed = finish.status() == RunStatus.TIMED_OUT ? "CANCELED" : "ERRORED";
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
