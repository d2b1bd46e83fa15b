package io.kongflow.jobs.fetches;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kongflow.jobs.config.KongflowConfig;
import io.kongflow.jobs.persistence.Parameters;
import io.kongflow.jobs.persistence.Postgres;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * Claims due fetches once across replicas and says when the next one falls due. A claim leases
 * the row (its due time becomes the lease's end, with a new token) and counts the claim before any
 * request is made: a fetch whose replica died is due again when its lease ends.
 */
@ApplicationScoped
class FetchClaims {

    // The oldest due row along task_operations_due_idx, skipping the ones another claim holds; in the
    // same statement, what the request needs.
    private static final String CLAIM = """
            WITH next AS (
                SELECT task_id FROM task_operations WHERE due_at <= now()
                ORDER BY due_at LIMIT 1 FOR UPDATE SKIP LOCKED)
            UPDATE task_operations o SET due_at = now() + make_interval(secs => :leaseSeconds),
                lease_token = gen_random_uuid(), lease_owner = :owner, claims = o.claims + 1
            FROM next, job_tasks t, job_runs r, runtime_environments e
            WHERE o.task_id = next.task_id AND t.id = o.task_id AND r.id = t.run_id AND e.id = r.environment_id
            RETURNING o.task_id, o.lease_token, o.claims, t.run_id, t.operation, t.status,
                CAST(t.params AS text) AS params, t.started_at, e.type AS environment_type,
                (SELECT count(*) FROM job_task_attempts a WHERE a.task_id = t.id) AS attempts""";

    // One entry of the index: the next retry, poll or lease end, by the database's clock.
    private static final String NEXT_DUE = """
            SELECT CAST(ceil(EXTRACT(EPOCH FROM due_at - now()) * 1000) AS bigint) AS due_in_ms
            FROM task_operations ORDER BY due_at LIMIT 1""";

    /** Names this replica in {@code lease_owner}: host and process, so an operator can tell who holds a fetch. */
    final String owner = System.getenv().getOrDefault("HOSTNAME", "replica") + ":"
            + ProcessHandle.current().pid() + ":" + UUID.randomUUID().toString().substring(0, 8);

    private final Postgres postgres;
    private final ObjectMapper json;
    private final double leaseSeconds;

    FetchClaims(Postgres postgres, ObjectMapper json, KongflowConfig config) {
        this.postgres = postgres;
        this.json = json;
        this.leaseSeconds = config.fetches().lease().toMillis() / 1000.0;
    }

    /** The claimed fetch; null item when none is due. */
    Uni<ClaimedFetch> claim() {
        return postgres.statements()
                .first(
                        CLAIM,
                        Parameters.with("leaseSeconds", leaseSeconds).and("owner", owner),
                        row -> ClaimedFetch.from(row, json));
    }

    /** Milliseconds until the next fetch falls due (≤ 0: now); null item when there is none. */
    Uni<Long> nextDueInMs() {
        return postgres.statements().first(NEXT_DUE, Parameters.NONE, row -> row.getLong("due_in_ms"));
    }
}
