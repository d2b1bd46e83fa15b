package io.kongflow.jobs.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kongflow.jobs.execution.TaskViews.Created;
import io.kongflow.jobs.execution.TaskViews.RunTaskRequest;
import io.kongflow.jobs.persistence.Parameters;
import io.kongflow.jobs.persistence.Postgres;
import io.kongflow.jobs.persistence.RunStatus;
import io.kongflow.jobs.persistence.Statements;
import io.kongflow.jobs.problem.InvalidInput;
import io.kongflow.jobs.problem.NotFound;
import io.kongflow.jobs.tenancy.Caller;
import io.kongflow.jobs.tracing.RunTrace;
import io.kongflow.jobs.tracing.TaskSpans;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.UUID;

/**
 * The SDK's runTask: a task is created once per run and idempotency key, and a repeat answers the
 * stored task unchanged (the SDK recomputes {@code delayUntil} on every replay; re-reading it would
 * make waits endless).
 */
@ApplicationScoped
public class RunTasks {

    static final String VERSION = "2023-09-29";

    private static final String RUN = """
            SELECT status, trace_id, trace_span_id FROM job_runs WHERE id = :runId AND environment_id = :environmentId""";

    private static final String INSERT = """
            WITH task AS (
                INSERT INTO job_tasks (run_id, parent_id, idempotency_key, display_key, name, icon, status, noop,
                    delay_until, resume_at, description, properties, params, style, retry, operation,
                    child_execution_mode, redact, started_at, completed_at)
                SELECT :runId, (SELECT id FROM job_tasks WHERE id = CAST(:parentId AS uuid) AND run_id = :runId),
                    :key, :displayKey, :name, :icon, :status, :noop, :delayUntil, :delayUntil, :description,
                    CAST(CAST(:properties AS text) AS jsonb), CAST(CAST(:params AS text) AS jsonb),
                    CAST(CAST(:style AS text) AS jsonb), CAST(CAST(:retry AS text) AS jsonb), :operation, :mode,
                    CAST(CAST(:redact AS text) AS jsonb), now(),
                    CASE WHEN :status IN ('COMPLETED', 'CANCELED') THEN now() END
                ON CONFLICT (run_id, idempotency_key) DO NOTHING RETURNING id)
            INSERT INTO job_task_attempts (task_id, number) SELECT id, 1 FROM task""";

    static final String BY_KEY =
            "SELECT " + TaskRows.COLUMNS + " FROM job_tasks t WHERE t.run_id = :runId AND t.idempotency_key = :key";

    private final Postgres postgres;
    private final ObjectMapper json;
    private final TaskCache cache;
    private final TaskCallbacks callbacks;
    private final CallbackUrls urls;
    private final TaskSpans spans;

    RunTasks(
            Postgres postgres,
            ObjectMapper json,
            TaskCache cache,
            TaskCallbacks callbacks,
            CallbackUrls urls,
            TaskSpans spans) {
        this.spans = spans;
        this.postgres = postgres;
        this.json = json;
        this.cache = cache;
        this.callbacks = callbacks;
        this.urls = urls;
    }

    /** The run as the task's creation reads it. */
    private record Run(RunStatus status, RunTrace trace) {}

    /** The task answered, and whether this request created it already ended (a noop: its span is made). */
    private record Made(Created created, RunTrace trace, boolean endedNow) {}

    public Uni<Created> create(
            Caller caller, UUID runId, String header, String cursor, String version, RunTaskRequest request) {
        // The SDK sends the key twice, as the header and as the body's idempotencyKey; either will do.
        String key = header != null && !header.isBlank() ? header : request.idempotencyKey();
        NulCharacters.refuse("Idempotency-Key", key);
        NulCharacters.refuse("", json.valueToTree(request));
        Instant delayUntil = instant(request.delayUntil());
        UUID parent = uuid(request.parentId());
        boolean versioned = VERSION.equals(version);
        Uni<Created> created = postgres.transaction(sql -> sql.first(
                                RUN,
                                Parameters.with("runId", runId).and("environmentId", caller.environmentId()),
                                row -> new Run(
                                        RunStatus.valueOf(row.getString("status")),
                                        RunTrace.of(row.getString("trace_id"), row.getString("trace_span_id"))))
                        .onItem()
                        .ifNull()
                        .failWith(() -> new NotFound("Run"))
                        .chain(run -> insert(sql, runId, key, run.status(), delayUntil, parent, request)
                                .chain(inserted -> inserted > 0 && waitsForCallback(request)
                                        ? callbacks.attach(sql, runId, key, request.callback())
                                        : Uni.createFrom().item(inserted))
                                .chain(inserted -> sql.first(
                                                BY_KEY,
                                                Parameters.with("runId", runId).and("key", key),
                                                row -> TaskRows.from(row, json, urls))
                                        .map(task -> new Made(
                                                new Created(task, null, versioned),
                                                run.trace(),
                                                inserted > 0 && "COMPLETED".equals(task.status()))))))
                .invoke(made -> {
                    if (made.endedNow()) {
                        spans.ended(made.trace(), EndedTasks.of(made.created().task()));
                    }
                })
                .map(Made::created);
        return versioned && cursor != null && !cursor.isBlank()
                ? created.chain(answer -> cache.page(runId, cursor).map(page -> new Created(answer.task(), page, true)))
                : created;
    }

    private Uni<Integer> insert(
            Statements sql,
            UUID runId,
            String key,
            RunStatus run,
            Instant delayUntil,
            UUID parent,
            RunTaskRequest request) {
        boolean noop = Boolean.TRUE.equals(request.noop());
        String status = run.isFinal()
                ? "CANCELED"
                : delayUntil != null && delayUntil.isAfter(Instant.now()) || waitsForCallback(request)
                        ? "WAITING"
                        : noop ? "COMPLETED" : "RUNNING";
        Parameters row = Parameters.with("runId", runId)
                .and("parentId", parent == null ? null : parent.toString())
                .and("key", key)
                .and("displayKey", request.displayKey())
                .and("name", request.name() == null ? "Task" : request.name())
                .and("icon", request.icon())
                .and("status", status)
                .and("noop", noop)
                .and("delayUntil", delayUntil == null ? null : OffsetDateTime.ofInstant(delayUntil, ZoneOffset.UTC))
                .and("description", request.description())
                .and("properties", text(TaskProperties.displayable(request.properties(), json)))
                .and("params", text(request.params()))
                .and(
                        "style",
                        request.style() == null
                                ? "{\"style\":\"normal\"}"
                                : request.style().toString())
                .and("retry", text(request.retry()))
                .and("operation", request.operation())
                .and("mode", Boolean.TRUE.equals(request.parallel()) ? "PARALLEL" : "SEQUENTIAL")
                .and("redact", text(request.redact()));
        return sql.execute(INSERT, row);
    }

    private static boolean waitsForCallback(RunTaskRequest request) {
        return request.callback() != null
                && Boolean.TRUE.equals(request.callback().enabled());
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.toString();
    }

    private static Instant instant(String text) {
        try {
            return text == null ? null : OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidInput("delayUntil", "must be an ISO-8601 date-time");
        }
    }

    private static UUID uuid(String text) {
        try {
            return text == null ? null : UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidInput("parentId", "must be the id of a task of this run");
        }
    }
}
