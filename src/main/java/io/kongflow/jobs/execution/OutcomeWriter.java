package io.kongflow.jobs.execution;

import io.kongflow.jobs.execution.Outcome.Finish;
import io.kongflow.jobs.persistence.DatabaseFailures;
import io.kongflow.jobs.persistence.Parameters;
import io.kongflow.jobs.persistence.Postgres;
import io.kongflow.jobs.persistence.RunStatus;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Applies an execution's outcome in one transaction, only while the execution still owns the
 * run (its token and lease): the lease ends and the counters grow, the run moves on
 * ({@link RunMoves}), and the queue slot is given back last ({@link SlotHandOver}).
 */
@ApplicationScoped
class OutcomeWriter {

    // Locks the run if this execution still owns it, ends its lease, counts the execution and
    // records when it ran (the latest 100, for the console's timeline); the run as it was before is
    // returned.
    static final String END_LEASE = """
            WITH owned AS (
                SELECT id, status, queue_id, holds_slot, execution_failure_count,
                    cardinality(yielded_executions) AS yields
                FROM job_runs WHERE id = :runId AND execution_token = :token AND lease_owner = :owner FOR UPDATE)
            UPDATE job_runs r SET holds_slot = false, lease_owner = NULL, lease_expires_at = NULL,
                execution_count = r.execution_count + :counted, execution_duration_ms = r.execution_duration_ms + :ms,
                executions = (CASE WHEN jsonb_array_length(COALESCE(r.executions, '[]')) >= 100
                    THEN r.executions - 0 ELSE COALESCE(r.executions, '[]') END)
                    || jsonb_build_array(jsonb_build_array(
                        floor(extract(epoch FROM now()) * 1000) - :ms, floor(extract(epoch FROM now()) * 1000))),
                updated_at = now()
            FROM owned WHERE r.id = :runId AND owned.id = r.id
            RETURNING owned.status, owned.queue_id, owned.holds_slot, owned.execution_failure_count, owned.yields,
                r.execution_duration_ms AS total_duration_ms""";

    private final Postgres postgres;
    private final ExecutionClaims claims;
    private final RunMoves moves;
    private final SlotHandOver slots;
    private final SuccessWriter success;

    OutcomeWriter(
            Postgres postgres, ExecutionClaims claims, RunMoves moves, SlotHandOver slots, SuccessWriter success) {
        this.postgres = postgres;
        this.claims = claims;
        this.moves = moves;
        this.slots = slots;
        this.success = success;
    }

    /**
     * The status the run ended in or waits in ({@link Ended#IGNORED} when the answer was fenced
     * off) and, when {@code handOver}, the queue's next run if its slot was passed on to it.
     */
    Uni<Ended> apply(Claim claim, Outcome outcome, long durationMs, boolean counted, boolean handOver) {
        // An answer that cannot be written (a NUL in an output: valid JSON that jsonb refuses, a
        // value over a limit, any other error of its transaction) would leave the run executing, to
        // be executed again after its lease, forever. The same execution, fenced the same way,
        // fails the run instead, naming the cause. With the database unreachable nothing can be
        // written: the lease then expires, and the claim that takes the run over counts the lost
        // execution, so max-executions still ends it.
        return write(claim, outcome, durationMs, counted, handOver)
                .onFailure(failure -> !DatabaseFailures.isUnavailable(failure))
                .recoverWithUni(failure -> {
                    Log.warnf(
                            "Run %s: the answer of execution %d could not be stored, the run fails: %s",
                            claim.runId(), claim.token(), failure.getMessage());
                    return write(claim, Unstorable.failure(failure), durationMs, counted, handOver);
                })
                .map(ended -> {
                    if (ended == null) {
                        Log.infof(
                                "Run %s: the answer of execution %d is ignored, its lease was lost",
                                claim.runId(), claim.token());
                        return Ended.IGNORED;
                    }
                    return ended;
                });
    }

    /** How the execution ended, or null when its lease was lost. */
    private Uni<Ended> write(Claim claim, Outcome outcome, long durationMs, boolean counted, boolean handOver) {
        Parameters owned = claims.leasing()
                .and("handOver", handOver)
                .and("runId", claim.runId())
                .and("token", claim.token())
                .and("owner", claim.owner())
                .and("counted", counted ? 1 : 0)
                .and("ms", durationMs);
        if (outcome instanceof Finish finish && finish.status() == RunStatus.SUCCESS && finish.task() == null) {
            return success.succeed(owned.and(
                    "output", finish.output() == null ? null : finish.output().toString()));
        }
        return postgres.transaction(sql -> sql.first(
                        END_LEASE,
                        owned,
                        row -> new LockedRun(
                                claim.runId(),
                                RunStatus.valueOf(row.getString("status")),
                                row.getUUID("queue_id"),
                                row.getBoolean("holds_slot"),
                                row.getInteger("execution_failure_count"),
                                row.getInteger("yields"),
                                row.getLong("total_duration_ms")))
                .chain(run -> {
                    if (run == null) {
                        return Uni.createFrom().nullItem();
                    }
                    boolean moved = run.status() == RunStatus.EXECUTING;
                    Uni<RunStatus> status = moved
                            ? moves.move(sql, run, outcome, durationMs)
                            : Uni.createFrom().item(run.status());
                    return status.chain(
                            now -> slots.handOverOrFree(sql, run, handOver).map(next -> new Ended(now, moved, next)));
                }));
    }
}
