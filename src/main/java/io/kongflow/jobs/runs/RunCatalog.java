package io.kongflow.jobs.runs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kongflow.jobs.persistence.Cursor;
import io.kongflow.jobs.persistence.JobRows;
import io.kongflow.jobs.persistence.Parameters;
import io.kongflow.jobs.persistence.Postgres;
import io.kongflow.jobs.persistence.Rows;
import io.kongflow.jobs.persistence.RunStatus;
import io.kongflow.jobs.persistence.Statements;
import io.kongflow.jobs.persistence.TaskStatus;
import io.kongflow.jobs.problem.InvalidInput;
import io.kongflow.jobs.problem.NotFound;
import io.kongflow.jobs.runs.RunViews.EventView;
import io.kongflow.jobs.runs.RunViews.JobRef;
import io.kongflow.jobs.runs.RunViews.QueueRef;
import io.kongflow.jobs.runs.RunViews.RunDetail;
import io.kongflow.jobs.runs.RunViews.RunPage;
import io.kongflow.jobs.runs.RunViews.RunSummary;
import io.kongflow.jobs.runs.RunViews.RunTaskView;
import io.kongflow.jobs.runs.RunViews.VersionRef;
import io.kongflow.jobs.tenancy.Caller;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Reads runs of the caller's environment. */
@ApplicationScoped
public class RunCatalog {

    private static final String DETAIL = """
            SELECT r.id, r.number, r.status, r.is_test, r.internal, r.preprocess, r.created_at, r.queued_at,
                   r.started_at, r.completed_at, r.updated_at, j.id AS job_id, j.slug AS job_slug,
                   v.id AS version_id, v.version, q.id AS queue_id, q.name AS queue_name,
                   e.id AS event_record_id, e.event_id, e.name AS event_name, e.source AS event_source,
                   e.payload::text AS event_payload, e.context::text AS event_context,
                   e.timestamp AS event_timestamp, e.is_test AS event_is_test, CAST(r.output AS text) AS output,
                   COALESCE((SELECT json_agg(s.url ORDER BY s.url) FROM job_run_subscriptions s WHERE s.run_id = r.id)::text,
                            '[]') AS subscriptions, r.trace_id
            FROM job_runs r
            JOIN jobs j ON j.id = r.job_id
            JOIN job_versions v ON v.id = r.version_id
            JOIN job_queues q ON q.id = r.queue_id
            JOIN event_records e ON e.id = r.event_id
            WHERE r.environment_id = :environmentId""";

    private static final String BY_ID = DETAIL + " AND r.id = :runId";

    private static final String TASKS = """
            SELECT t.id, t.parent_id, t.name, t.display_key, t.status, t.noop, t.created_at, t.started_at,
                   t.completed_at, CASE WHEN t.output_is_undefined THEN NULL ELSE CAST(t.output AS text) END AS output,
                   COALESCE(t.error, (SELECT a.error FROM job_task_attempts a WHERE a.task_id = t.id AND a.error IS NOT NULL
                                      ORDER BY a.number DESC LIMIT 1)) AS error,
                   (SELECT count(*) FROM job_task_attempts a WHERE a.task_id = t.id) AS attempts
            FROM job_tasks t WHERE t.run_id = :runId ORDER BY t.seq""";
    private static final String BY_EVENT = DETAIL + " AND e.event_id = :eventId";

    private static final String PAGE = """
            SELECT r.id, r.number, r.status, r.is_test, r.started_at, r.updated_at, r.completed_at
            FROM job_runs r JOIN jobs j ON j.id = r.job_id
            WHERE r.environment_id = :environmentId AND j.project_id = :projectId AND j.slug = :slug
              AND r.number < COALESCE(CAST(:before AS integer), 2147483647)
            ORDER BY r.number DESC
            LIMIT :limit""";

    private final Statements autocommit;
    private final ObjectMapper mapper;

    public RunCatalog(Postgres postgres, ObjectMapper mapper) {
        this.autocommit = postgres.statements();
        this.mapper = mapper;
    }

    /** The run with its tasks in execution order. */
    public Uni<RunDetail> get(Caller caller, UUID runId) {
        return get(autocommit, caller, runId)
                .chain(run -> autocommit
                        .list(TASKS, Parameters.with("runId", runId), this::task)
                        .map(tasks -> withTasks(run, tasks)));
    }

    /** Within {@code sql}'s transaction, so a run it has just written is seen (its tasks left out: it has none yet). */
    Uni<RunDetail> get(Statements sql, Caller caller, UUID runId) {
        return sql.first(
                        BY_ID,
                        Parameters.with("environmentId", caller.environmentId()).and("runId", runId),
                        this::detail)
                .onItem()
                .ifNull()
                .failWith(() -> new NotFound("Run"));
    }

    /** The run created for that event id, or a null item. */
    Uni<RunDetail> byEventId(Statements sql, Caller caller, String eventId) {
        return sql.first(
                BY_EVENT,
                Parameters.with("environmentId", caller.environmentId()).and("eventId", eventId),
                this::detail);
    }

    /** Newest first; the cursor is the number of the last run of the previous page. */
    public Uni<RunPage> page(Caller caller, String slug, String cursor, int take) {
        Parameters parameters = Parameters.with("environmentId", caller.environmentId())
                .and("projectId", caller.projectId())
                .and("slug", slug)
                .and("before", before(cursor))
                .and("limit", take + 1);
        return JobRows.require(autocommit, caller.projectId(), slug, JobRows.Lock.NONE)
                .chain(() -> autocommit.list(PAGE, parameters, RunCatalog::summary))
                .map(rows -> {
                    List<RunSummary> runs = rows.subList(0, Math.min(take, rows.size()));
                    String next = rows.size() > take
                            ? Cursor.encode(Integer.toString(runs.get(take - 1).number()))
                            : null;
                    return new RunPage(runs, next);
                });
    }

    private static Integer before(String cursor) {
        String key = Cursor.decode(cursor);
        if (key == null) {
            return null;
        }
        try {
            return Integer.valueOf(key);
        } catch (NumberFormatException e) {
            throw new InvalidInput("cursor", "is not a cursor returned by this API");
        }
    }

    private static RunSummary summary(Row row) {
        return new RunSummary(
                row.getUUID("id"),
                row.getInteger("number"),
                RunStatus.valueOf(row.getString("status")),
                row.getBoolean("is_test"),
                Rows.instant(row, "started_at"),
                Rows.instant(row, "updated_at"),
                Rows.instant(row, "completed_at"));
    }

    private RunDetail detail(Row row) {
        return new RunDetail(
                row.getUUID("id"),
                row.getInteger("number"),
                RunStatus.valueOf(row.getString("status")),
                row.getBoolean("is_test"),
                row.getBoolean("internal"),
                row.getBoolean("preprocess"),
                Rows.instant(row, "created_at"),
                Rows.instant(row, "queued_at"),
                Rows.instant(row, "started_at"),
                Rows.instant(row, "completed_at"),
                Rows.instant(row, "updated_at"),
                new JobRef(row.getUUID("job_id"), row.getString("job_slug")),
                new VersionRef(row.getUUID("version_id"), row.getString("version")),
                new QueueRef(row.getUUID("queue_id"), row.getString("queue_name")),
                new EventView(
                        row.getUUID("event_record_id"),
                        row.getString("event_id"),
                        row.getString("event_name"),
                        row.getString("event_source"),
                        json(row.getString("event_payload")),
                        json(row.getString("event_context")),
                        Rows.instant(row, "event_timestamp"),
                        row.getBoolean("event_is_test")),
                urls(json(row.getString("subscriptions"))),
                row.getString("output") == null ? null : json(row.getString("output")),
                List.of(),
                row.getString("trace_id"));
    }

    private static RunDetail withTasks(RunDetail run, List<RunTaskView> tasks) {
        return new RunDetail(
                run.id(),
                run.number(),
                run.status(),
                run.isTest(),
                run.internal(),
                run.preprocess(),
                run.createdAt(),
                run.queuedAt(),
                run.startedAt(),
                run.completedAt(),
                run.updatedAt(),
                run.job(),
                run.version(),
                run.queue(),
                run.event(),
                run.callbackUrls(),
                run.output(),
                tasks,
                run.traceId());
    }

    private RunTaskView task(Row row) {
        return new RunTaskView(
                row.getUUID("id"),
                row.getUUID("parent_id"),
                row.getString("name"),
                row.getString("display_key"),
                TaskStatus.valueOf(row.getString("status")),
                row.getBoolean("noop"),
                row.getLong("attempts").intValue(),
                Rows.instant(row, "created_at"),
                Rows.instant(row, "started_at"),
                Rows.instant(row, "completed_at"),
                row.getString("output") == null ? null : json(row.getString("output")),
                row.getString("error"));
    }

    private static List<String> urls(JsonNode array) {
        List<String> urls = new ArrayList<>();
        array.forEach(url -> urls.add(url.asText()));
        return urls;
    }

    private JsonNode json(String text) {
        try {
            return mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The database returned invalid JSON", e);
        }
    }
}
