package io.kongflow.jobs.execution;

import io.kongflow.jobs.persistence.Parameters;
import io.kongflow.jobs.persistence.Postgres;
import io.kongflow.jobs.persistence.RunStatus;
import io.kongflow.jobs.persistence.Transactions;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The common answer — SUCCESS changing no task — written in one statement, with no transaction
 * round trips: the same steps as {@link OutcomeWriter}'s transaction.
 */
@ApplicationScoped
class SuccessWriter {

    // Lock the run if this execution still owns it, end the lease and count the execution, finish
    // the run unless it was cancelled meanwhile, then hand the slot over or free it (and notify),
    // as SlotHandOver.HAND_OVER_OR_FREE does (SqlCopiesTest keeps the copies equal).
    static final String SUCCEED = """
            WITH owned AS (
                SELECT id, status, queue_id, holds_slot FROM job_runs
                WHERE id = :runId AND execution_token = :token AND lease_owner = :owner FOR UPDATE),
            run AS (
                UPDATE job_runs r SET holds_slot = false, lease_owner = NULL, lease_expires_at = NULL,
                    execution_count = r.execution_count + :counted,
                    execution_duration_ms = r.execution_duration_ms + :ms,
                    executions = (CASE WHEN jsonb_array_length(COALESCE(r.executions, '[]')) >= 100
                        THEN r.executions - 0 ELSE COALESCE(r.executions, '[]') END)
                        || jsonb_build_array(jsonb_build_array(
                            floor(extract(epoch FROM now()) * 1000) - :ms, floor(extract(epoch FROM now()) * 1000))),
                    status = CASE WHEN owned.status = 'EXECUTING' THEN 'SUCCESS' ELSE r.status END,
                    output = CASE WHEN owned.status = 'EXECUTING'
                        THEN COALESCE(CAST(CAST(:output AS text) AS jsonb), r.output) ELSE r.output END,
                    completed_at = CASE WHEN owned.status = 'EXECUTING' THEN now() ELSE r.completed_at END,
                    next_execution_at = CASE WHEN owned.status = 'EXECUTING' THEN NULL ELSE r.next_execution_at END,
                    updated_at = now()
                FROM owned WHERE r.id = :runId AND owned.id = r.id
                RETURNING owned.status AS was, owned.queue_id, owned.holds_slot),
            held AS (SELECT queue_id FROM run WHERE holds_slot),
            next_run AS (
                SELECT id FROM kongflow_lock_due_run((SELECT queue_id FROM held), CAST(:startable AS text[])) id
                WHERE :handOver
                  AND (SELECT q.job_count <= q.max_jobs FROM job_queues q WHERE q.id = (SELECT queue_id FROM held))),
            handed AS (
                UPDATE job_runs r SET status = 'EXECUTING', holds_slot = true, lease_owner = :owner,
                    lease_expires_at = now() + make_interval(secs => :leaseSeconds),
                    execution_token = r.execution_token + 1, next_execution_at = NULL,
                    started_at = COALESCE(r.started_at, now()), updated_at = now()
                WHERE r.id = (SELECT id FROM next_run) RETURNING r.id, r.execution_token),
            freed AS (
                UPDATE job_queues q SET job_count = GREATEST(q.job_count - 1, 0), updated_at = now()
                WHERE q.id = (SELECT queue_id FROM held) AND NOT EXISTS (SELECT 1 FROM handed) RETURNING q.id)
            SELECT run.was, handed.id AS next_id, handed.execution_token AS next_token,
                CASE WHEN EXISTS (SELECT 1 FROM freed) THEN pg_notify('kongflow_execution', '') END AS notified
            FROM run LEFT JOIN handed ON true""";

    private final Postgres postgres;
    private final ExecutionClaims claims;

    SuccessWriter(Postgres postgres, ExecutionClaims claims) {
        this.postgres = postgres;
        this.claims = claims;
    }

    /** How the execution ended, or null when its lease was lost. */
    Uni<Ended> succeed(Parameters owned) {
        return Transactions.retrying(() -> postgres.statements().first(SUCCEED, owned, row -> {
            boolean moved = RunStatus.valueOf(row.getString("was")) == RunStatus.EXECUTING;
            return new Ended(
                    moved ? RunStatus.SUCCESS : RunStatus.valueOf(row.getString("was")), moved, claims.handedOver(row));
        }));
    }
}
