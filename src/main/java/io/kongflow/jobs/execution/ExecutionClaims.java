package io.kongflow.jobs.execution;

import io.kongflow.jobs.config.KongflowConfig;
import io.kongflow.jobs.persistence.Parameters;
import io.kongflow.jobs.persistence.Postgres;
import io.kongflow.jobs.persistence.RunStatus;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import java.util.UUID;

/**
 * Hands due runs to replicas: one claim takes the oldest due run whose queue has a free slot
 * (or whose executing replica's lease expired), counts it in {@code job_count} in the same
 * statement, and leases it to this replica with a new execution token. The same statement says
 * whether another claim could take a run at once and, when not, how long until the next wait or
 * retry delay ends: a claim loop stops without an empty claim, and sets its timer without a query.
 */
@ApplicationScoped
class ExecutionClaims {

    // A run whose replica died (its lease expired) comes first, then the oldest due run of a queue
    // with room. The queues are found from the due runs themselves (one probe of the
    // (queue_id, next_execution_at) index per queue), and only a queue with room is looked into:
    // a backlog in a full queue is never walked. Both walks are V12's functions, planned so that
    // lagging statistics cannot turn them into reads of the whole backlog. The 8 oldest of the
    // queues' first runs (as many of each queue's as it has room for) are candidates, so
    // concurrent claims that find the oldest locked take the next one. Runs SKIP LOCKED by another
    // claim are skipped (the due test, re-checked on a run locked after a concurrent claim, is
    // written so that no index can answer it, not even the partial ones: the candidates are
    // fetched by id whatever the statistics say; every run is looked up by a value, = ANY(ARRAY(…))
    // or = (SELECT …), never joined by id: with statistics saying the table is nearly empty, a join
    // walks the whole primary key), and the queue row update re-checks the limit
    // after any concurrent claim of the same queue commits: the limit holds across replicas.
    // Another claim may take a run at once (more) when this one took an expired lease, or found
    // more candidates than the one it took (some may be taken by concurrent claims: at worst one
    // empty claim). Otherwise the loop stops: a new run or a freed slot notifies, the delay
    // (computed only then, by an index probe, while this claim holds its queue row) wakes the
    // replica when the next startable run's time comes, and the poll covers what notifies nothing
    // (a lease expiring, a limit raised). Taking an expired lease over counts the execution that
    // held it, whose answer was never written (its replica died, or could not reach the database):
    // runs whose answers are always lost still reach max-executions.
    static final String CLAIM = """
            WITH expired AS (
                SELECT r.id, r.queue_id, r.holds_slot FROM job_runs r
                WHERE r.holds_slot AND r.lease_expires_at < now() AND r.status = 'EXECUTING'
                ORDER BY r.lease_expires_at
                LIMIT 1 FOR UPDATE SKIP LOCKED),
            heads AS MATERIALIZED (
                SELECT first.id, first.due_at FROM kongflow_due_queues() d(queue_id)
                JOIN job_queues q ON q.id = d.queue_id AND q.job_count < q.max_jobs
                CROSS JOIN LATERAL kongflow_due_runs(
                    q.id, CAST(:startable AS text[]), LEAST(q.max_jobs - q.job_count, 8)) first
                WHERE NOT EXISTS (SELECT 1 FROM expired)
                ORDER BY first.due_at LIMIT 8),
            due AS (
                SELECT r.id, r.queue_id, r.holds_slot FROM job_runs r
                WHERE r.id = ANY(ARRAY(SELECT h.id FROM heads h))
                  AND COALESCE(r.next_execution_at, 'infinity') <= now()
                ORDER BY r.next_execution_at, r.id
                LIMIT 1 FOR UPDATE SKIP LOCKED),
            candidate AS (SELECT * FROM expired UNION ALL SELECT * FROM due),
            slot AS (
                UPDATE job_queues q SET job_count = q.job_count + 1, updated_at = now()
                FROM candidate c WHERE q.id = c.queue_id AND NOT c.holds_slot AND q.job_count < q.max_jobs
                RETURNING q.id),
            claimed AS (
                UPDATE job_runs r SET status = 'EXECUTING', holds_slot = true, lease_owner = :owner,
                    lease_expires_at = now() + make_interval(secs => :leaseSeconds),
                    execution_token = r.execution_token + 1, next_execution_at = NULL,
                    started_at = COALESCE(r.started_at, now()), updated_at = now(),
                    execution_count = r.execution_count + CASE WHEN EXISTS (SELECT 1 FROM expired) THEN 1 ELSE 0 END
                WHERE r.id = (SELECT id FROM candidate)
                  AND ((SELECT holds_slot FROM candidate) OR EXISTS (SELECT 1 FROM slot))
                RETURNING r.id, r.execution_token),
            more AS (
                SELECT EXISTS (SELECT 1 FROM claimed)
                    AND (EXISTS (SELECT 1 FROM expired) OR (SELECT count(*) FROM heads) > 1) AS more)
            SELECT claimed.id, claimed.execution_token, more.more,
                CASE WHEN NOT more.more THEN (
                    SELECT CAST(EXTRACT(EPOCH FROM kongflow_next_due_at(CAST(:startable AS text[])) - now()) * 1000 AS bigint))
                END AS delay_ms
            FROM more LEFT JOIN claimed ON true""";

    // A run cancelled while its replica died still holds its slot: give it back after the lease.
    private static final String RELEASE_ORPHANS = """
            WITH orphan AS (
                SELECT id, queue_id FROM job_runs
                WHERE holds_slot AND lease_expires_at < now() AND status <> 'EXECUTING'
                FOR UPDATE SKIP LOCKED),
            freed AS (
                UPDATE job_runs r SET holds_slot = false, lease_owner = NULL, lease_expires_at = NULL
                WHERE r.id = ANY(ARRAY(SELECT id FROM orphan)) RETURNING r.queue_id)
            UPDATE job_queues q SET job_count = GREATEST(q.job_count - f.n, 0), updated_at = now()
            FROM (SELECT queue_id, count(*) AS n FROM freed GROUP BY queue_id) f WHERE q.id = f.queue_id""";

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

    /** The next execution this replica owns, if a run was due and startable, and what to do next. */
    Uni<ClaimAttempt> claim() {
        return postgres.statements().first(CLAIM, leasing(), row -> {
            UUID id = row.getUUID("id");
            return new ClaimAttempt(
                    id == null ? null : new Claim(id, row.getLong("execution_token"), owner),
                    row.getBoolean("more"),
                    row.getLong("delay_ms"));
        });
    }

    /** The parameters of a lease of a startable run to this replica. */
    Parameters leasing() {
        return Parameters.with("startable", STARTABLE).and("owner", owner).and("leaseSeconds", leaseSeconds);
    }

    /** The run a hand-over passed its slot to (the row's {@code next_id}, {@code next_token}), leased here, or null. */
    Claim handedOver(Row row) {
        UUID next = row.getUUID("next_id");
        return next == null ? null : new Claim(next, row.getLong("next_token"), owner);
    }

    Uni<Integer> releaseOrphans() {
        return postgres.statements().execute(RELEASE_ORPHANS, Parameters.NONE);
    }
}
