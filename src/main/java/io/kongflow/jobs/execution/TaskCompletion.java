package io.kongflow.jobs.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kongflow.jobs.execution.TaskViews.FailTaskRequest;
import io.kongflow.jobs.execution.TaskViews.ServerTask;
import io.kongflow.jobs.persistence.Parameters;
import io.kongflow.jobs.persistence.Postgres;
import io.kongflow.jobs.problem.BadRequest;
import io.kongflow.jobs.problem.InvalidInput;
import io.kongflow.jobs.problem.NotFound;
import io.kongflow.jobs.tenancy.Caller;
import io.kongflow.jobs.tracing.RunTrace;
import io.kongflow.jobs.tracing.TaskSpans;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.UUID;

/** The SDK's completeTask and failTask: a final task answers unchanged, so both are idempotent. */
@ApplicationScoped
public class TaskCompletion {

    /** With this Trigger-Version the output arrives as JSON text. */
    static final String SERIALIZED_OUTPUT = "2023-11-01";

    static final int MAX_OUTPUT_CHARS = 3 * 1024 * 1024;

    private static final String LOCK = """
            SELECT t.status, r.trace_id, r.trace_span_id FROM job_tasks t JOIN job_runs r ON r.id = t.run_id
            WHERE t.id = :taskId AND t.run_id = :runId AND r.environment_id = :environmentId FOR UPDATE OF t""";

    private static final String FINISH = """
            WITH task AS (
                UPDATE job_tasks SET status = :status, output = CAST(CAST(:output AS text) AS jsonb),
                    output_is_undefined = :undefined, output_properties = COALESCE(CAST(CAST(:properties AS text) AS jsonb),
                    output_properties), error = CASE WHEN :status = 'ERRORED' THEN :error ELSE error END,
                    completed_at = now(), updated_at = now()
                WHERE id = :taskId RETURNING id)
            UPDATE job_task_attempts SET status = :status, error = :error, updated_at = now()
            WHERE task_id IN (SELECT id FROM task) AND status = 'PENDING'""";

    private static final String READ = "SELECT " + TaskRows.COLUMNS + " FROM job_tasks t WHERE t.id = :taskId";

    private final Postgres postgres;
    private final ObjectMapper json;

    private final CallbackUrls urls;
    private final TaskSpans spans;

    TaskCompletion(Postgres postgres, ObjectMapper json, CallbackUrls urls, TaskSpans spans) {
        this.postgres = postgres;
        this.json = json;
        this.urls = urls;
        this.spans = spans;
    }

    /** The task's row locked: its status before this request, and its run's trace. */
    private record Locked(String status, RunTrace trace) {
        boolean isFinal() {
            return switch (status) {
                case "COMPLETED", "ERRORED", "CANCELED" -> true;
                default -> false;
            };
        }
    }

    /** The task answered, and whether this request ended it (then its span is made, after the commit). */
    private record Finished(ServerTask task, RunTrace trace, boolean ended) {}

    public Uni<ServerTask> complete(Caller caller, UUID runId, UUID taskId, String version, JsonNode body) {
        if (body != null && !body.isObject()) {
            throw new BadRequest("The body must be a JSON object");
        }
        JsonNode raw = body == null ? null : body.get("output");
        JsonNode output;
        if (SERIALIZED_OUTPUT.equals(version)) {
            if (raw != null && !raw.isNull() && !raw.isTextual()) {
                throw new InvalidInput("output", "must be JSON text");
            }
            String text = raw == null || raw.isNull() ? "" : raw.textValue();
            checkSize(text.length());
            output = text.isEmpty() ? null : parse(text);
        } else {
            output = raw == null || raw.isNull() || raw.isMissingNode() ? json.createObjectNode() : raw;
            checkSize(output.toString().length());
        }
        JsonNode properties = body == null ? null : body.get("properties");
        NulCharacters.refuse("output", output);
        NulCharacters.refuse("properties", properties);
        Parameters values = Parameters.with("status", "COMPLETED")
                .and("output", output == null ? null : output.toString())
                .and("undefined", output == null)
                .and("properties", properties == null || properties.isNull() ? null : properties.toString())
                .and("error", null);
        return finish(caller, runId, taskId, values);
    }

    public Uni<ServerTask> fail(Caller caller, UUID runId, UUID taskId, FailTaskRequest request) {
        var error = request.error();
        NulCharacters.refuse("error", json.valueToTree(error));
        String formatted = error.name() == null ? error.message() : error.name() + ": " + error.message();
        Parameters values = Parameters.with("status", "ERRORED")
                .and("output", json.valueToTree(error).toString())
                .and("undefined", false)
                .and("properties", null)
                .and("error", formatted);
        return finish(caller, runId, taskId, values);
    }

    private Uni<ServerTask> finish(Caller caller, UUID runId, UUID taskId, Parameters values) {
        Parameters task =
                Parameters.with("taskId", taskId).and("runId", runId).and("environmentId", caller.environmentId());
        return postgres.transaction(sql -> sql.first(LOCK, task, TaskCompletion::locked)
                        .onItem()
                        .ifNull()
                        .failWith(() -> new NotFound("Task"))
                        .chain(locked -> (locked.isFinal()
                                        ? Uni.createFrom().item(0)
                                        : sql.execute(FINISH, values.and("taskId", taskId)))
                                .chain(() -> sql.first(
                                        READ, Parameters.with("taskId", taskId), row -> TaskRows.from(row, json, urls)))
                                .map(read -> new Finished(read, locked.trace(), !locked.isFinal()))))
                .invoke(finished -> {
                    if (finished.ended()) {
                        spans.ended(finished.trace(), EndedTasks.of(finished.task()));
                    }
                })
                .map(Finished::task);
    }

    private static Locked locked(io.vertx.mutiny.sqlclient.Row row) {
        return new Locked(
                row.getString("status"), RunTrace.of(row.getString("trace_id"), row.getString("trace_span_id")));
    }

    private static void checkSize(int chars) {
        if (chars > MAX_OUTPUT_CHARS) {
            throw new InvalidInput("output", "Output must be less than 3MB");
        }
    }

    private JsonNode parse(String text) {
        try {
            return json.readTree(text);
        } catch (IOException e) {
            throw new InvalidInput("output", "must be JSON text");
        }
    }
}
