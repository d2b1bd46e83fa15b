package io.kongflow.jobs.execution;

import io.kongflow.jobs.config.KongflowConfig;
import io.kongflow.jobs.execution.Outcome.Continue;
import io.kongflow.jobs.execution.Outcome.Finish;
import io.kongflow.jobs.persistence.DatabaseFailures;
import io.kongflow.jobs.persistence.Parameters;
import io.kongflow.jobs.persistence.Postgres;
import io.kongflow.jobs.persistence.RunStatus;
import io.kongflow.jobs.persistence.Statements;
import io.kongflow.jobs.persistence.Transactions;
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
    /** A platform timeout teaches the endpoint a chunk limit in this range (the v2 server's). */
    static final long MIN_CHUNK_LIMIT_MS = 10_000;

    static final long MAX_CHUNK_LIMIT_MS = 120_000;
    static final long CHUNK_LIMIT_BUFFER_MS = 350;

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
            FROM owned WHERE r.id = :runId AND owned.id = r.id
            RETURNING owned.status, owned.queue_id, owned.holds_slot, owned.execution_failure_count, owned.yields,
                r.execution_duration_ms AS total_duration_ms""";

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

    // Last in the transaction: the slot goes to the queue's next due run, or else back to the
    // queue, whose row every claim of the queue updates, so it is locked only from here to the
    // commit. The notification (sent at commit) wakes the replicas for a freed slot.
    static final String HAND_OVER_OR_FREE =
            "WITH " + ExecutionClaims.handOver("CASE WHEN :holdsSlot THEN CAST(:queueId AS uuid) END")
                    + """

            SELECT %s
            FROM (SELECT 1) one LEFT JOIN handed ON true""".formatted(ExecutionClaims.HANDED_OR_NOTIFIED);

    private static final String FINISH = """
            UPDATE job_runs SET status = :status, output = COALESCE(CAST(CAST(:output AS text) AS jsonb), output),
                completed_at = now(), next_execution_at = NULL, updated_at = now()
            WHERE id = :runId""";

    // The common case in one statement (no transaction round trips): a SUCCESS that changes no
    // task. The same steps as the general path — lock if still owned, end the lease, finish the
    // run unless it was cancelled meanwhile, hand the slot over or free it last (and notify) —
    // as one chain of CTEs.
    private static final String SUCCEED =
            """
            WITH owned AS (
                SELECT id, status, queue_id, holds_slot FROM job_runs
                WHERE id = :runId AND execution_token = :token AND lease_owner = :owner FOR UPDATE),
            run AS (
                UPDATE job_runs r SET holds_slot = false, lease_owner = NULL, lease_expires_at = NULL,
                    execution_count = r.execution_count + :counted,
                    execution_duration_ms = r.execution_duration_ms + :ms,
                    status = CASE WHEN owned.status = 'EXECUTING' THEN 'SUCCESS' ELSE r.status END,
                    output = CASE WHEN owned.status = 'EXECUTING'
                        THEN COALESCE(CAST(CAST(:output AS text) AS jsonb), r.output) ELSE r.output END,
                    completed_at = CASE WHEN owned.status = 'EXECUTING' THEN now() ELSE r.completed_at END,
                    next_execution_at = CASE WHEN owned.status = 'EXECUTING' THEN NULL ELSE r.next_execution_at END,
                    updated_at = now()
                FROM owned WHERE r.id = :runId AND owned.id = r.id
                RETURNING owned.status AS was, owned.queue_id, owned.holds_slot),
            """ + ExecutionClaims.handOver("(SELECT run.queue_id FROM run WHERE run.holds_slot)")
                    + """

            SELECT run.was, %s
            FROM run LEFT JOIN handed ON true""".formatted(ExecutionClaims.HANDED_OR_NOTIFIED);

    private static final String CONTINUE = """
            UPDATE job_runs SET status = :status, next_execution_at = :at,
                execution_failure_count = execution_failure_count + :failed,
                yielded_executions = CASE WHEN CAST(:key AS text) IS NULL THEN yielded_executions
                    ELSE array_append(yielded_executions, CAST(:key AS text)) END,
                updated_at = now()
            WHERE id = :runId""";

    private record Locked(
            RunStatus status, UUID queueId, boolean holdsSlot, int failures, int yields, long totalDurationMs) {}

    private record Tasks(int count, String latestStatus, String latestName) {}

    private final Postgres postgres;
    private final ExecutionClaims claims;
    private final int maxFailures;
    private final long maxExecutionMs;

    OutcomeWriter(Postgres postgres, ExecutionClaims claims, KongflowConfig config) {
        this.postgres = postgres;
        this.claims = claims;
        this.maxFailures = config.execution().maxEndpointFailures();
        this.maxExecutionMs = config.execution().maxExecutionTime().toMillis();
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
                });
    }

    private Uni<Ended> write(Claim claim, Outcome outcome, long durationMs, boolean counted, boolean handOver) {
        Parameters owned = claims.leasing()
                .and("handOver", handOver)
                .and("runId", claim.runId())
                .and("token", claim.token())
                .and("owner", claim.owner())
                .and("counted", counted ? 1 : 0)
                .and("ms", durationMs);
        if (outcome instanceof Finish finish && finish.status() == RunStatus.SUCCESS && finish.task() == null) {
            return succeed(
                    claim,
                    owned.and(
                            "output",
                            finish.output() == null ? null : finish.output().toString()));
        }
        return postgres.transaction(sql -> sql.first(
                        END_LEASE,
                        owned,
                        row -> new Locked(
                                RunStatus.valueOf(row.getString("status")),
                                row.getUUID("queue_id"),
                                row.getBoolean("holds_slot"),
                                row.getInteger("execution_failure_count"),
                                row.getInteger("yields"),
                                row.getLong("total_duration_ms")))
                .chain(run -> {
                    if (run == null) {
                        Log.infof(
                                "Run %s: the answer of execution %d is ignored, its lease was lost",
                                claim.runId(), claim.token());
                        return Uni.createFrom().item(Ended.IGNORED);
                    }
                    Uni<RunStatus> moved = run.status() != RunStatus.EXECUTING
                            ? Uni.createFrom().item(run.status())
                            : move(sql, claim.runId(), run, outcome, durationMs);
                    return moved.chain(status -> sql.first(
                                    HAND_OVER_OR_FREE,
                                    claims.leasing()
                                            .and("handOver", handOver)
                                            .and("queueId", run.queueId())
                                            .and("holdsSlot", run.holdsSlot()),
                                    claims::handedOver)
                            .map(next -> new Ended(status, run.status() == RunStatus.EXECUTING, next)));
                }));
    }

    private Uni<Ended> succeed(Claim claim, Parameters owned) {
        return Transactions.<Ended>retrying(() -> postgres.statements().first(SUCCEED, owned, row -> {
                    RunStatus was = RunStatus.valueOf(row.getString("was"));
                    boolean moved = was == RunStatus.EXECUTING;
                    return new Ended(moved ? RunStatus.SUCCESS : was, moved, claims.handedOver(row));
                }))
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

    private Uni<RunStatus> move(Statements sql, UUID runId, Locked run, Outcome outcome, long durationMs) {
        if (outcome instanceof Outcome.FunctionTimedOut timedOut) {
            return afterFunctionTimeout(sql, runId, run, timedOut, durationMs);
        }
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
        // CANCELED while the run is still executing here (the SDK saw it cancelled, or says so): it
        // ends CANCELED; a run cancelled through the API was no longer EXECUTING and is left alone.
        return finish(sql, runId, new Finish(RunStatus.CANCELED, null, null));
    }

    /**
     * As the v2 server: the run's time used up, or no task created by the cut-off execution (it
     * would be cut off again forever), ends it TIMED_OUT; otherwise the endpoint learns its
     * platform's limit and the run is executed again at once, not counted as a failure.
     */
    private Uni<RunStatus> afterFunctionTimeout(
            Statements sql, UUID runId, Locked run, Outcome.FunctionTimedOut timedOut, long durationMs) {
        if (run.totalDurationMs() >= maxExecutionMs) {
            return finish(
                    sql,
                    runId,
                    Outcome.fail(
                            RunStatus.TIMED_OUT, "Execution timed out after " + maxExecutionMs / 1000 + " seconds"));
        }
        Parameters ofRun = Parameters.with("runId", runId);
        return sql.first(
                        TASKS,
                        ofRun,
                        row -> new Tasks(
                                row.getLong("tasks").intValue(), row.getString("latest"), row.getString("latest_name")))
                .chain(tasks -> {
                    if (tasks.count() <= timedOut.tasksBefore()) {
                        String cause = "RUNNING".equals(tasks.latestStatus())
                                ? "This is likely caused by task \"" + tasks.latestName()
                                        + "\" execution exceeding the function timeout"
                                : "This is likely caused by executing code outside of a task that exceeded the function timeout";
                        return finish(
                                sql,
                                runId,
                                Outcome.fail(
                                        RunStatus.TIMED_OUT,
                                        "Function timeout detected in " + durationMs / 1000.0
                                                + "s without any task creation. This is unexpected behavior and could"
                                                + " lead to an infinite execution error because the run will never"
                                                + " finish. " + cause));
                    }
                    long limit = Math.min(Math.max(durationMs, MIN_CHUNK_LIMIT_MS), MAX_CHUNK_LIMIT_MS);
                    return sql.execute(
                                    LEARN_CHUNK_LIMIT,
                                    Parameters.with("runId", runId).and("limitMs", (int) limit))
                            .chain(() -> proceed(
                                    sql,
                                    runId,
                                    new Continue(RunStatus.WAITING_TO_EXECUTE, Instant.now(), null, null),
                                    0));
                });
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
