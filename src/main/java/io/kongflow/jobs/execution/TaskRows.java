package io.kongflow.jobs.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kongflow.jobs.execution.TaskViews.ServerTask;
import io.kongflow.jobs.persistence.Rows;
import io.vertx.mutiny.sqlclient.Row;
import java.io.IOException;
import java.time.Instant;

/** Reads task rows into the SDK's ServerTask shape. */
final class TaskRows {

    static final String COLUMNS = """
            t.id, t.run_id, t.name, t.icon, t.noop, t.started_at, t.completed_at, t.delay_until, t.status,
            t.description, CAST(t.properties AS text) AS properties, CAST(t.output_properties AS text) AS output_properties,
            CAST(t.params AS text) AS params, CAST(t.output AS text) AS output, t.output_is_undefined, t.error,
            t.parent_id, CAST(t.style AS text) AS style, t.operation, t.callback_url, t.callback_secret, t.child_execution_mode,
            t.idempotency_key, t.display_key, (SELECT count(*) FROM job_task_attempts a WHERE a.task_id = t.id) AS attempts""";

    private TaskRows() {}

    /** {@code urls} reveals a callback task's whole URL (the SDK reads it from the task). */
    static ServerTask from(Row row, ObjectMapper json, CallbackUrls urls) {
        boolean undefined = row.getBoolean("output_is_undefined");
        String output = row.getString("output");
        return new ServerTask(
                row.getUUID("id").toString(),
                row.getString("name"),
                row.getString("icon"),
                row.getBoolean("noop"),
                iso(Rows.instant(row, "started_at")),
                iso(Rows.instant(row, "completed_at")),
                iso(Rows.instant(row, "delay_until")),
                row.getString("status"),
                row.getString("description"),
                parse(json, row.getString("properties")),
                parse(json, row.getString("output_properties")),
                parse(json, row.getString("params")),
                undefined ? null : output == null ? json.nullNode() : parse(json, output),
                row.getString("error"),
                row.getUUID("parent_id") == null
                        ? null
                        : row.getUUID("parent_id").toString(),
                parse(json, row.getString("style")),
                row.getString("operation"),
                urls.reveal(row.getString("callback_url"), row.getString("callback_secret")),
                row.getString("child_execution_mode"),
                row.getString("idempotency_key"),
                row.getLong("attempts").intValue(),
                false);
    }

    static String iso(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    static JsonNode parse(ObjectMapper json, String text) {
        try {
            return text == null ? null : json.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException("Stored JSON does not parse", e);
        }
    }
}
