package io.kongflow.jobs.execution;

import io.kongflow.jobs.config.KongflowConfig;
import io.kongflow.jobs.persistence.Parameters;
import io.kongflow.jobs.persistence.Postgres;
import io.kongflow.jobs.persistence.RunStatus;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import java.util.UUID;

/**
 * Hands due runs to replicas: one claim takes the oldest due run whose queue has a free slot
 * (or whose executing replica's lease expired), counts it in {@code job_count} in the same
 * statement, and leases it to this replica with a new execution token.
 */
@ApplicationScoped
class ExecutionClaims {

    // Runs SKIP LOCKED by another claim are skipped, and the queue row update re-checks the limit
    // after any concurrent claim of the same queue commits: the limit holds across replicas.
    // A run whose replica died (its lease expired) comes first, then the oldest due run of a queue
    // with room. The queues are found from the due runs themselves (one probe of the
    // (queue_id, next_execution_at) index per queue), and only a queue with room is looked into:
    // a backlog in a full queue is never walked. The 8 oldest of the queues' first runs (as many
    // of each queue's as it has room for) are candidates, so concurrent claims that find the
    // oldest locked take the next one. Runs SKIP LOCKED by another claim
    // are skipped,
    // and the queue row update re-checks the limit after any concurrent claim of the same queue
    // commits: the limit holds across replicas.
    static final String CLAIM = """
            WITH RECURSIVE expired AS (
                SELECT r.id, r.queue_id, r.holds_slot FROM job_runs r
                WHERE r.holds_slot AND r.lease_expires_at < now() AND r.status = 'EXECUTING'
                ORDER BY r.lease_expires_at
                LIMIT 1 FOR UPDATE SKIP LOCKED),
            due_queues AS (
                (SELECT r.queue_id FROM job_runs r WHERE r.next_execution_at <= now() ORDER BY r.queue_id LIMIT 1)
                UNION ALL
                SELECT (SELECT r.queue_id FROM job_runs r
                        WHERE r.queue_id > d.queue_id AND r.next_execution_at <= now()
                        ORDER BY r.queue_id LIMIT 1)
                FROM due_queues d WHERE d.queue_id IS NOT NULL),
            heads AS (
                SELECT first.id FROM due_queues d
                JOIN job_queues q ON q.id = d.queue_id AND q.job_count < q.max_jobs
                CROSS JOIN LATERAL (
                    SELECT r.id, r.next_execution_at FROM job_runs r
                    WHERE r.queue_id = q.id AND r.next_execution_at <= now()
                      AND r.status = ANY(CAST(:startable AS text[]))
                    ORDER BY r.next_execution_at LIMIT LEAST(q.max_jobs - q.job_count, 8)) first
                WHERE NOT EXISTS (SELECT 1 FROM expired)
                ORDER BY first.next_execution_at LIMIT 8),
            due AS (
                SELECT r.id, r.queue_id, r.holds_slot FROM job_runs r
                WHERE r.id IN (SELECT id FROM heads) AND r.next_execution_at <= now()
                ORDER BY r.next_execution_at
                LIMIT 1 FOR UPDATE SKIP LOCKED),
            candidate AS (SELECT * FROM expired UNION ALL SELECT * FROM due),
            slot AS (
                UPDATE job_queues q SET job_count = q.job_count + 1, updated_at = now()
                FROM candidate c WHERE q.id = c.queue_id AND NOT c.holds_slot AND q.job_count < q.max_jobs
                RETURNING q.id)
            UPDATE job_runs r SET status = 'EXECUTING', holds_slot = true, lease_owner = :owner,
                lease_expires_at = now() + make_interval(secs => :leaseSeconds),
                execution_token = r.execution_token + 1, next_execution_at = NULL,
                started_at = COALESCE(r.started_at, now()), updated_at = now()
            FROM candidate c WHERE r.id = c.id AND (c.holds_slot OR EXISTS (SELECT 1 FROM slot))
            RETURNING r.id, r.execution_token""";

    // A run cancelled while its replica died still holds its slot: give it back after the lease.
    private static final String RELEASE_ORPHANS = """
            WITH orphan AS (
                SELECT id, queue_id FROM job_runs
                WHERE holds_slot AND lease_expires_at < now() AND status <> 'EXECUTING'
                FOR UPDATE SKIP LOCKED),
            freed AS (
                UPDATE job_runs r SET holds_slot = false, lease_owner = NULL, lease_expires_at = NULL
                FROM orphan o WHERE r.id = o.id RETURNING o.queue_id)
            UPDATE job_queues q SET job_count = GREATEST(q.job_count - f.n, 0), updated_at = now()
            FROM (SELECT queue_id, count(*) AS n FROM freed GROUP BY queue_id) f WHERE q.id = f.queue_id""";

    // How long until the next wait or retry delay ends (null when none does): measured by the
    // database's clock, which wrote the times.
    private static final String NEXT_DUE = """
            SELECT CAST(EXTRACT(EPOCH FROM min(next_execution_at) - now()) * 1000 AS bigint) AS delay_ms
            FROM job_runs WHERE next_execution_at > now() AND status = ANY(CAST(:startable AS text[]))""";

    static final String[] STARTABLE = Arrays.stream(
                    new RunStatus[] {RunStatus.QUEUED, RunStatus.WAITING_TO_EXECUTE, RunStatus.WAITING_TO_CONTINUE})
            .map(Enum::name)
            .toArray(String[]::new);

    private final Postgres postgres;
    private final double leaseSeconds;
    /** Names this replica in {@code lease_owner}: host and process, so an operator can tell who holds a run. */
    final String owner = System.getenv().getOrDefault("HOSTNAME", "replica") + ":"
            + ProcessHandle.current().pid() + ":" + UUID.randomUUID();

    ExecutionClaims(Postgres postgres, KongflowConfig config) {
        this.postgres = postgres;
        this.leaseSeconds = config.execution().leaseDuration().toMillis() / 1000.0;
    }

    /** The next execution this replica owns, or a null item when nothing is due and startable. */
    Uni<Claim> claim() {
        return postgres.statements()
                .first(
                        CLAIM,
                        Parameters.with("startable", STARTABLE)
                                .and("owner", owner)
                                .and("leaseSeconds", leaseSeconds),
                        row -> new Claim(row.getUUID("id"), row.getLong("execution_token"), owner));
    }

    /** Milliseconds until a run waiting for its time becomes due; a null item when none waits. */
    Uni<Long> nextDue() {
        return postgres.statements()
                .first(NEXT_DUE, Parameters.with("startable", STARTABLE), row -> row.getLong("delay_ms"));
    }

    Uni<Integer> releaseOrphans() {
        return postgres.statements().execute(RELEASE_ORPHANS, Parameters.NONE);
    }
}
