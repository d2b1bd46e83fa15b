package io.kongflow.jobs.fetches;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kongflow.jobs.persistence.EnvironmentType;
import io.kongflow.jobs.persistence.Rows;
import io.vertx.mutiny.sqlclient.Row;
import java.io.IOException;
import java.time.Instant;
import java.util.UUID;

/**
 * A fetch this replica claimed: its task, the lease token its outcome is fenced by, how many times
 * it was claimed since its last outcome, and what the request needs (params, attempts so far, the
 * environment's type for the outbound policy).
 */
record ClaimedFetch(
        UUID taskId,
        UUID runId,
        UUID token,
        int claims,
        String operation,
        String status,
        JsonNode params,
        Instant startedAt,
        int attempts,
        EnvironmentType environment) {

    static ClaimedFetch from(Row row, ObjectMapper json) {
        String params = row.getString("params");
        JsonNode parsed;
        try {
            parsed = params == null ? null : json.readTree(params);
        } catch (IOException e) {
            parsed = null;
        }
        return new ClaimedFetch(
                row.getUUID("task_id"),
                row.getUUID("run_id"),
                row.getUUID("lease_token"),
                row.getInteger("claims"),
                row.getString("operation"),
                row.getString("status"),
                parsed,
                Rows.instant(row, "started_at"),
                row.getLong("attempts").intValue(),
                EnvironmentType.valueOf(row.getString("environment_type")));
    }
}
