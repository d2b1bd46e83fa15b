package io.kongflow.jobs.execution;

import io.kongflow.jobs.persistence.Statements;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The last step of an outcome's transaction: the queue slot the execution held goes straight to
 * the queue's next due run, leased to this replica, or else back to the queue.
 */
@ApplicationScoped
class SlotHandOver {

    // The slot passes to the queue's oldest due run (kongflow_lock_due_run), leased as a claim
    // leases (ExecutionClaims.CLAIM sets the same columns; SqlCopiesTest keeps the copies equal),
    // without writing the queue row, so no other replica needs waking. When nothing is due, the
    // limit was lowered below the count, or :handOver is false, the slot is freed instead: the
    // queue row, which every claim of the queue updates, is then locked only from here to the
    // commit, and the notification (sent at commit) wakes the replicas.
    static final String HAND_OVER_OR_FREE = """
            WITH held AS (SELECT CAST(:queueId AS uuid) AS queue_id WHERE :holdsSlot),
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
            SELECT handed.id AS next_id, handed.execution_token AS next_token,
                CASE WHEN EXISTS (SELECT 1 FROM freed) THEN pg_notify('kongflow_execution', '') END AS notified
            FROM (SELECT 1) one LEFT JOIN handed ON true""";

    private final ExecutionClaims claims;

    SlotHandOver(ExecutionClaims claims) {
        this.claims = claims;
    }

    /** The run the slot went to (leased to this replica), or null when it was freed or none was held. */
    Uni<Claim> handOverOrFree(Statements sql, LockedRun run, boolean handOver) {
        return sql.first(
                HAND_OVER_OR_FREE,
                claims.leasing()
                        .and("handOver", handOver)
                        .and("queueId", run.queueId())
                        .and("holdsSlot", run.holdsSlot()),
                claims::handedOver);
    }
}
