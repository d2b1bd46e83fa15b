package io.kongflow.jobs.console;

import io.kongflow.jobs.persistence.Parameters;
import io.kongflow.jobs.persistence.Postgres;
import io.kongflow.jobs.persistence.Rows;
import io.kongflow.jobs.persistence.RunStatus;
import io.kongflow.jobs.persistence.Statements;
import io.kongflow.jobs.problem.NotFound;
import io.kongflow.jobs.tenancy.Caller;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * What a run's console page shows that no read service answers: the run with its execution
 * counters, trigger and event, and every task's details. Scoped by the session's environment.
 */
@ApplicationScoped
class RunPageReads {

    /** The most tasks a run page shows (the rest are counted, not shown). */
    static final int MAX_TASKS = 5000;

    private static final String RUN = """
            SELECT r.id, r.number, r.status, r.is_test, r.created_at, r.started_at, r.completed_at,
                   r.next_execution_at, r.execution_count, r.execution_duration_ms, r.executions,
                   CAST(r.output AS text) AS output,
                   (SELECT count(*) FROM job_tasks t WHERE t.run_id = r.id) AS task_count,
                   j.slug AS job_slug, j.title AS job_title, v.version, CAST(v.trigger AS text) AS trigger,
                   env.slug AS environment_slug, e.event_id, e.name AS event_name, e.source AS event_source,
                   CAST(e.payload AS text) AS payload, CAST(e.context AS text) AS context, r.trace_id
            FROM job_runs r
            JOIN jobs j ON j.id = r.job_id
            JOIN job_versions v ON v.id = r.version_id
            JOIN runtime_environments env ON env.id = r.environment_id
            JOIN event_records e ON e.id = r.event_id
            WHERE r.id = :runId AND r.environment_id = :environmentId""";

    private static final String TASKS = """
            SELECT t.id, t.parent_id, t.name, t.icon, t.display_key, t.status, t.noop, t.description,
                   CAST(t.params AS text) AS params,
                   CASE WHEN t.output_is_undefined THEN NULL ELSE CAST(t.output AS text) END AS output,
                   t.error, CAST(t.style AS text) AS style, CAST(t.redact AS text) AS redact,
                   t.delay_until, t.created_at, t.started_at, t.completed_at,
                   (SELECT CAST(json_agg(json_build_object('number', a.number, 'status', a.status, 'error', a.error)
                                         ORDER BY a.number) AS text)
                    FROM job_task_attempts a WHERE a.task_id = t.id) AS attempts
            FROM job_tasks t WHERE t.run_id = :runId ORDER BY t.seq LIMIT :limit""";

    /** A run with what its page's header and trigger panel show. */
    record RunRecord(
            UUID id,
            int number,
            RunStatus status,
            boolean test,
            Instant createdAt,
            Instant startedAt,
            Instant completedAt,
            Instant nextExecutionAt,
            int executionCount,
            long executionMillis,
            List<Execution> executions,
            String output,
            long taskCount,
            String jobSlug,
            String jobTitle,
            String version,
            String trigger,
            String environmentSlug,
            String eventId,
            String eventName,
            String eventSource,
            String payload,
            String context,
            String traceId) {
        static RunRecord from(Row row) {
            return new RunRecord(
                    row.getUUID("id"),
                    row.getInteger("number"),
                    RunStatus.valueOf(row.getString("status")),
                    row.getBoolean("is_test"),
                    Rows.instant(row, "created_at"),
                    Rows.instant(row, "started_at"),
                    Rows.instant(row, "completed_at"),
                    Rows.instant(row, "next_execution_at"),
                    row.getInteger("execution_count"),
                    row.getLong("execution_duration_ms"),
                    Execution.all(row.getJsonArray("executions")),
                    row.getString("output"),
                    row.getLong("task_count"),
                    row.getString("job_slug"),
                    row.getString("job_title"),
                    row.getString("version"),
                    row.getString("trigger"),
                    row.getString("environment_slug"),
                    row.getString("event_id"),
                    row.getString("event_name"),
                    row.getString("event_source"),
                    row.getString("payload"),
                    row.getString("context"),
                    row.getString("trace_id"));
        }
    }

    /** When an execution was on the endpoint (V28 keeps the latest 100 of a run). */
    record Execution(Instant start, Instant end) {
        static List<Execution> all(JsonArray stored) {
            if (stored == null) {
                return List.of();
            }
            List<Execution> executions = new ArrayList<>(stored.size());
            for (int i = 0; i < stored.size(); i++) {
                JsonArray times = stored.getJsonArray(i);
                executions.add(
                        new Execution(Instant.ofEpochMilli(times.getLong(0)), Instant.ofEpochMilli(times.getLong(1))));
            }
            return executions;
        }
    }

    /** A task row, its JSON columns as stored text. */
    record TaskRecord(
            UUID id,
            UUID parentId,
            String name,
            String icon,
            String displayKey,
            String status,
            boolean noop,
            String description,
            String params,
            String output,
            String error,
            String style,
            String redact,
            Instant delayUntil,
            Instant createdAt,
            Instant startedAt,
            Instant completedAt,
            String attempts) {
        static TaskRecord from(Row row) {
            return new TaskRecord(
                    row.getUUID("id"),
                    row.getUUID("parent_id"),
                    row.getString("name"),
                    row.getString("icon"),
                    row.getString("display_key"),
                    row.getString("status"),
                    row.getBoolean("noop"),
                    row.getString("description"),
                    row.getString("params"),
                    row.getString("output"),
                    row.getString("error"),
                    row.getString("style"),
                    row.getString("redact"),
                    Rows.instant(row, "delay_until"),
                    Rows.instant(row, "created_at"),
                    Rows.instant(row, "started_at"),
                    Rows.instant(row, "completed_at"),
                    row.getString("attempts"));
        }
    }

    private final Statements sql;

    RunPageReads(Postgres postgres) {
        this.sql = postgres.statements();
    }

    Uni<RunRecord> run(Caller caller, UUID runId) {
        return sql.first(
                        RUN,
                        Parameters.with("runId", runId).and("environmentId", caller.environmentId()),
                        RunRecord::from)
                .onItem()
                .ifNull()
                .failWith(() -> new NotFound("Run"));
    }

    /** The tasks of a run already read through {@link #run} (so of the caller's environment). */
    Uni<List<TaskRecord>> tasks(UUID runId) {
        return sql.list(TASKS, Parameters.with("runId", runId).and("limit", MAX_TASKS), TaskRecord::from);
    }
}
