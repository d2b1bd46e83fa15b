package io.kongflow.jobs.execution;

import io.kongflow.jobs.persistence.Parameters;
import io.vertx.mutiny.sqlclient.Row;
import java.util.UUID;

/**
 * A COMPLETED task of a run, as the next EXECUTE_JOB hands it back to the SDK's cache. Its output
 * is read only while the outputs before it and its own fit the body's byte budget
 * ({@code withinBudget}); past it, only what names the task is read: the first one is the cursor
 * the SDK pages on from, and noop tasks go into the bloom filter.
 */
record CachedTask(UUID id, String idempotencyKey, boolean noop, String output, UUID parentId, boolean withinBudget) {

    /** At least what a cached task's JSON adds around its output and twice its key. */
    static final int ENTRY_OVERHEAD = 90;

    // The running sum counts the bytes of the stored JSON text, which the body carries as is; a
    // non-ASCII output counts more bytes than it has characters, so at worst the cursor comes a
    // task early. Only outputs within the budget leave the database.
    private static final String WITHIN_BUDGET = """
            SELECT id, idempotency_key, noop, parent_id, within_budget,
                CASE WHEN within_budget AND NOT output_is_undefined THEN CAST(output AS text) END AS output
            FROM (
                SELECT t.id, t.idempotency_key, t.noop, t.parent_id, t.output, t.output_is_undefined, t.seq,
                    t.noop OR sum(CASE WHEN t.noop THEN 0 ELSE :overhead + 2 * octet_length(t.idempotency_key)
                        + CASE WHEN t.output_is_undefined THEN 0 ELSE COALESCE(octet_length(CAST(t.output AS text)), 0) END
                        END) OVER (ORDER BY t.seq) <= :budget AS within_budget
                FROM (%s) t) tasks
            ORDER BY seq""";

    /** Every completed task of {@code :runId}, outputs up to {@code :budget} bytes. */
    static final String COMPLETED = WITHIN_BUDGET.formatted("""
            SELECT id, idempotency_key, noop, parent_id, output, output_is_undefined, seq
            FROM job_tasks WHERE run_id = :runId AND status = 'COMPLETED'""");

    /**
     * The completed tasks that are not noops from the task {@code :cursor} names on, at most
     * {@code :limit} of them, outputs up to {@code :budget} bytes.
     */
    static final String PAGE = WITHIN_BUDGET.formatted("""
            SELECT id, idempotency_key, noop, parent_id, output, output_is_undefined, seq
            FROM job_tasks
            WHERE run_id = :runId AND status = 'COMPLETED' AND NOT noop
              AND seq >= (SELECT c.seq FROM job_tasks c WHERE c.id = CAST(:cursor AS uuid) AND c.run_id = :runId)
            ORDER BY seq LIMIT :limit""");

    static Parameters budget(int bytes) {
        return Parameters.with("budget", bytes).and("overhead", ENTRY_OVERHEAD);
    }

    static CachedTask from(Row row) {
        return new CachedTask(
                row.getUUID("id"),
                row.getString("idempotency_key"),
                row.getBoolean("noop"),
                row.getString("output"),
                row.getUUID("parent_id"),
                row.getBoolean("within_budget"));
    }
}
