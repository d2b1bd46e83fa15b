package io.kongflow.jobs.execution;

import io.vertx.mutiny.sqlclient.Row;
import java.util.UUID;

/** A COMPLETED task of a run, as the next EXECUTE_JOB hands it back to the SDK's cache. */
record CachedTask(UUID id, String idempotencyKey, boolean noop, String output, UUID parentId) {

    static final String COMPLETED = """
            SELECT id, idempotency_key, noop, CASE WHEN output_is_undefined THEN NULL ELSE CAST(output AS text) END
                AS output, parent_id
            FROM job_tasks WHERE run_id = :runId AND status = 'COMPLETED' ORDER BY seq""";

    static CachedTask from(Row row) {
        return new CachedTask(
                row.getUUID("id"),
                row.getString("idempotency_key"),
                row.getBoolean("noop"),
                row.getString("output"),
                row.getUUID("parent_id"));
    }
}
