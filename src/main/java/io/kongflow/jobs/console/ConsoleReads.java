package io.kongflow.jobs.console;

import io.kongflow.jobs.persistence.Cursor;
import io.kongflow.jobs.persistence.Parameters;
import io.kongflow.jobs.persistence.Postgres;
import io.kongflow.jobs.persistence.Rows;
import io.kongflow.jobs.persistence.RunStatus;
import io.kongflow.jobs.persistence.Statements;
import io.kongflow.jobs.problem.InvalidInput;
import io.kongflow.jobs.problem.NotFound;
import io.kongflow.jobs.tenancy.Caller;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What the console's pages show that no read service answers: the environment's runs list with
 * its filters, a run with its execution counters and every task's details, and the jobs list's
 * queue usage and last run. Every statement is scoped by the session's environment.
 */
@ApplicationScoped
class ConsoleReads {

    /** The most tasks a run page shows (the rest are counted, not shown). */
    static final int MAX_TASKS = 5000;

    // Keyset on (created_at, id), newest first, along job_runs_environment_created_idx (V21). The
    // cursor bound is a row comparison with constants when absent, so a generic plan still seeks.
    private static final String RUNS = """
            SELECT r.id, r.number, r.status, r.is_test, r.created_at, r.started_at, r.completed_at,
                   r.execution_count, j.slug AS job_slug, v.version
            FROM job_runs r
            JOIN jobs j ON j.id = r.job_id
            JOIN job_versions v ON v.id = r.version_id
            WHERE r.environment_id = :environmentId
              AND (r.created_at, r.id) < (COALESCE(CAST(:beforeAt AS timestamptz), 'infinity'),
                                          COALESCE(CAST(:beforeId AS uuid), 'ffffffff-ffff-ffff-ffff-ffffffffffff'))
              AND (CAST(:status AS text) IS NULL OR r.status = CAST(:status AS text))
              AND (CAST(:job AS text) IS NULL OR j.slug = CAST(:job AS text))
              AND (CAST(:test AS boolean) IS NULL OR r.is_test = CAST(:test AS boolean))
              AND (CAST(:from AS timestamptz) IS NULL OR r.created_at >= CAST(:from AS timestamptz))
              AND (CAST(:to AS timestamptz) IS NULL OR r.created_at < CAST(:to AS timestamptz))
              AND (CAST(:runId AS uuid) IS NULL OR r.id = CAST(:runId AS uuid))
              AND (CAST(:eventId AS text) IS NULL OR r.event_id IN (
                      SELECT e.id FROM event_records e
                      WHERE e.environment_id = :environmentId AND e.event_id = CAST(:eventId AS text)))
            ORDER BY r.created_at DESC, r.id DESC
            LIMIT :limit""";

    private static final String RUN = """
            SELECT r.id, r.number, r.status, r.is_test, r.created_at, r.started_at, r.completed_at,
                   r.next_execution_at, r.execution_count, r.execution_duration_ms, CAST(r.output AS text) AS output,
                   (SELECT count(*) FROM job_tasks t WHERE t.run_id = r.id) AS task_count,
                   j.slug AS job_slug, j.title AS job_title, v.version, CAST(v.trigger AS text) AS trigger,
                   env.slug AS environment_slug, e.event_id, e.name AS event_name, e.source AS event_source,
                   CAST(e.payload AS text) AS payload, CAST(e.context AS text) AS context
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

    private static final String JOBS = """
            SELECT j.id, CAST(v.trigger AS text) AS trigger, q.name AS queue_name, q.job_count, q.max_jobs,
                   s.next_event_at, last.id AS last_run_id, last.number AS last_run_number,
                   last.status AS last_run_status, last.created_at AS last_run_at
            FROM jobs j
            LEFT JOIN job_aliases a ON a.job_id = j.id AND a.environment_id = :environmentId AND a.name = 'latest'
            LEFT JOIN job_versions v ON v.id = a.version_id
            LEFT JOIN job_queues q ON q.id = v.queue_id
            LEFT JOIN event_dispatchers d ON d.environment_id = :environmentId AND d.dispatchable_id = CAST(j.id AS text)
            LEFT JOIN schedule_sources s ON s.dispatcher_id = d.id AND s.active
            LEFT JOIN LATERAL (
                SELECT r.id, r.number, r.status, r.created_at FROM job_runs r
                WHERE r.job_id = j.id AND r.environment_id = :environmentId
                ORDER BY r.number DESC LIMIT 1) last ON true
            WHERE j.project_id = :projectId AND j.id = ANY(CAST(:jobIds AS uuid[]))""";

    /** A run in the list. */
    record RunRow(
            UUID id,
            int number,
            RunStatus status,
            boolean test,
            Instant createdAt,
            Instant startedAt,
            Instant completedAt,
            int executions,
            String jobSlug,
            String version) {
        static RunRow from(Row row) {
            return new RunRow(
                    row.getUUID("id"),
                    row.getInteger("number"),
                    RunStatus.valueOf(row.getString("status")),
                    row.getBoolean("is_test"),
                    Rows.instant(row, "created_at"),
                    Rows.instant(row, "started_at"),
                    Rows.instant(row, "completed_at"),
                    row.getInteger("execution_count"),
                    row.getString("job_slug"),
                    row.getString("version"));
        }
    }

    record RunRows(List<RunRow> runs, String nextCursor) {}

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
            String context) {
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
                    row.getString("context"));
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

    /** What the jobs list shows of a job besides the catalog's view. */
    record JobOverview(
            UUID id,
            String trigger,
            String queueName,
            Integer running,
            Integer limit,
            Instant nextEventAt,
            UUID lastRunId,
            Integer lastRunNumber,
            String lastRunStatus,
            Instant lastRunAt) {
        static JobOverview from(Row row) {
            return new JobOverview(
                    row.getUUID("id"),
                    row.getString("trigger"),
                    row.getString("queue_name"),
                    row.getInteger("job_count"),
                    row.getInteger("max_jobs"),
                    Rows.instant(row, "next_event_at"),
                    row.getUUID("last_run_id"),
                    row.getInteger("last_run_number"),
                    row.getString("last_run_status"),
                    Rows.instant(row, "last_run_at"));
        }
    }

    private final Statements sql;

    ConsoleReads(Postgres postgres) {
        this.sql = postgres.statements();
    }

    Uni<RunRows> runs(Caller caller, RunFilter filter, String cursor, int limit) {
        RunStatus status = filter.statusValue();
        Instant from = filter.fromValue();
        Instant to = filter.toValue();
        String[] before = before(cursor);
        Parameters parameters = Parameters.with("environmentId", caller.environmentId())
                .and("beforeAt", before == null ? null : OffsetDateTime.parse(before[0]))
                .and("beforeId", before == null ? null : UUID.fromString(before[1]))
                .and("status", status == null ? null : status.name())
                .and("job", filter.job())
                .and("test", filter.testValue())
                .and("from", from == null ? null : OffsetDateTime.ofInstant(from, ZoneOffset.UTC))
                .and("to", to == null ? null : OffsetDateTime.ofInstant(to, ZoneOffset.UTC))
                .and("runId", filter.runValue())
                .and("eventId", filter.event())
                .and("limit", limit + 1);
        return sql.list(RUNS, parameters, RunRow::from).map(rows -> {
            List<RunRow> page = rows.subList(0, Math.min(limit, rows.size()));
            String next = null;
            if (rows.size() > limit) {
                RunRow last = page.get(page.size() - 1);
                next = Cursor.encode(OffsetDateTime.ofInstant(last.createdAt(), ZoneOffset.UTC) + " " + last.id());
            }
            return new RunRows(page, next);
        });
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

    Uni<Map<UUID, JobOverview>> jobs(Caller caller, List<UUID> jobIds) {
        if (jobIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        Parameters parameters = Parameters.with("environmentId", caller.environmentId())
                .and("projectId", caller.projectId())
                .and("jobIds", jobIds.toArray(UUID[]::new));
        return sql.list(JOBS, parameters, JobOverview::from).map(rows -> {
            Map<UUID, JobOverview> byId = new HashMap<>();
            rows.forEach(row -> byId.putIfAbsent(row.id(), row));
            return byId;
        });
    }

    private static String[] before(String cursor) {
        String key = Cursor.decode(cursor);
        if (key == null) {
            return null;
        }
        String[] parts = key.split(" ");
        try {
            if (parts.length != 2) {
                throw new IllegalArgumentException();
            }
            OffsetDateTime.parse(parts[0]);
            UUID.fromString(parts[1]);
            return parts;
        } catch (RuntimeException e) {
            throw new InvalidInput("cursor", "is not a cursor made by this console");
        }
    }
}
