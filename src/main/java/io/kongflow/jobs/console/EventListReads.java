package io.kongflow.jobs.console;

import io.kongflow.jobs.persistence.Parameters;
import io.kongflow.jobs.persistence.Postgres;
import io.kongflow.jobs.persistence.Rows;
import io.kongflow.jobs.persistence.Statements;
import io.kongflow.jobs.tenancy.Caller;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The console's events list: the environment's events (sent, scheduled ticks, and those test runs
 * and invocations write) with their delivery and their runs, newest first, in keyset pages on
 * {@code (created_at, id)}.
 */
@ApplicationScoped
class EventListReads {

    // Along event_records_environment_created_idx (V27); each line counts its runs along
    // job_runs_event_idx.
    private static final String EVENTS = """
            SELECT e.id, e.event_id, e.name, e.source, e.is_test, e.created_at, e.deliver_at, e.delivered_at,
                   e.cancelled_at, (SELECT count(*) FROM job_runs r WHERE r.event_id = e.id) AS runs
            FROM event_records e
            WHERE e.environment_id = :environmentId
              AND (e.created_at, e.id) < (COALESCE(CAST(:beforeAt AS timestamptz), 'infinity'),
                                          COALESCE(CAST(:beforeId AS uuid), 'ffffffff-ffff-ffff-ffff-ffffffffffff'))
              AND (CAST(:name AS text) IS NULL OR e.name = CAST(:name AS text))
              AND (CAST(:eventId AS text) IS NULL OR e.event_id = CAST(:eventId AS text))
            ORDER BY e.created_at DESC, e.id DESC
            LIMIT :limit""";

    /** An event in the list. */
    record EventRow(
            UUID id,
            String eventId,
            String name,
            String source,
            boolean test,
            Instant createdAt,
            Instant deliverAt,
            Instant deliveredAt,
            Instant cancelledAt,
            long runs) {
        static EventRow from(Row row) {
            return new EventRow(
                    row.getUUID("id"),
                    row.getString("event_id"),
                    row.getString("name"),
                    row.getString("source"),
                    row.getBoolean("is_test"),
                    Rows.instant(row, "created_at"),
                    Rows.instant(row, "deliver_at"),
                    Rows.instant(row, "delivered_at"),
                    Rows.instant(row, "cancelled_at"),
                    row.getLong("runs"));
        }
    }

    record EventRows(List<EventRow> events, String nextCursor) {}

    private final Statements sql;

    EventListReads(Postgres postgres) {
        this.sql = postgres.statements();
    }

    Uni<EventRows> events(Caller caller, String name, String eventId, String cursor, int limit) {
        TimeKeyset before = TimeKeyset.before(cursor);
        Parameters parameters = Parameters.with("environmentId", caller.environmentId())
                .and("beforeAt", TimeKeyset.at(before))
                .and("beforeId", TimeKeyset.id(before))
                .and("name", blankToNull(name))
                .and("eventId", blankToNull(eventId))
                .and("limit", limit + 1);
        return sql.list(EVENTS, parameters, EventRow::from).map(rows -> {
            List<EventRow> page = rows.subList(0, Math.min(limit, rows.size()));
            String next = null;
            if (rows.size() > limit) {
                EventRow last = page.get(page.size() - 1);
                next = TimeKeyset.after(last.createdAt(), last.id());
            }
            return new EventRows(page, next);
        });
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
