package io.kongflow.jobs.console;

import io.kongflow.jobs.persistence.Parameters;
import io.kongflow.jobs.persistence.Postgres;
import io.kongflow.jobs.persistence.Rows;
import io.kongflow.jobs.persistence.RunStatus;
import io.kongflow.jobs.persistence.Statements;
import io.kongflow.jobs.tenancy.Caller;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * The console's runs list: the environment's runs with its filters, newest first, in keyset pages
 * on {@code (created_at, id)}.
 */
@ApplicationScoped
class RunListReads {

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

    private final Statements sql;

    RunListReads(Postgres postgres) {
        this.sql = postgres.statements();
    }

    Uni<RunRows> runs(Caller caller, RunFilter filter, String cursor, int limit) {
        RunStatus status = filter.statusValue();
        Instant from = filter.fromValue();
        Instant to = filter.toValue();
        TimeKeyset before = TimeKeyset.before(cursor);
        Parameters parameters = Parameters.with("environmentId", caller.environmentId())
                .and("beforeAt", TimeKeyset.at(before))
                .and("beforeId", TimeKeyset.id(before))
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
                next = TimeKeyset.after(last.createdAt(), last.id());
            }
            return new RunRows(page, next);
        });
    }
}
