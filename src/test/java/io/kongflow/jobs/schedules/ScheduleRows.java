package io.kongflow.jobs.schedules;

import io.kongflow.jobs.support.Database;
import io.kongflow.jobs.support.Tenants.Tenant;
import io.vertx.mutiny.sqlclient.Row;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** What the schedule tests read beneath the API: a job's schedule source, the events it fired, their runs. */
final class ScheduleRows {

    private final Database database;

    ScheduleRows(Database database) {
        this.database = database;
    }

    record Source(
            UUID id, boolean active, Instant nextEventAt, Instant lastEventAt, Instant createdAt, String schedule) {}

    record Tick(
            String eventId,
            String name,
            String source,
            String payload,
            String context,
            String sourceContext,
            Instant deliveredAt,
            Instant createdAt,
            UUID recordId) {}

    record Run(UUID id, String status, String output) {}

    /** A job's own schedule (a registration may have the same key: it belongs to its dynamic schedule). */
    Source source(Tenant tenant, String slug) {
        Row row = database.query("""
                        SELECT id, active, next_event_at, last_event_at, created_at, CAST(schedule AS text) AS schedule
                        FROM schedule_sources WHERE environment_id = $1::uuid AND key = $2 AND dynamic_schedule_id IS NULL""", tenant.environmentId(), slug).get(0);
        return new Source(
                row.getUUID("id"),
                row.getBoolean("active"),
                instant(row, "next_event_at"),
                instant(row, "last_event_at"),
                instant(row, "created_at"),
                row.getString("schedule"));
    }

    /** A registration of the endpoint's dynamic schedule under that key; null when there is none. */
    Source registration(Tenant tenant, String dynamicSchedule, String key) {
        List<Row> rows = database.query("""
                        SELECT s.id, s.active, s.next_event_at, s.last_event_at, s.created_at, CAST(s.schedule AS text) AS schedule
                        FROM schedule_sources s JOIN dynamic_schedules d ON d.id = s.dynamic_schedule_id
                        WHERE s.environment_id = $1::uuid AND d.slug = $2 AND s.key = $3""", tenant.environmentId(), dynamicSchedule, key);
        if (rows.isEmpty()) {
            return null;
        }
        Row row = rows.get(0);
        return new Source(
                row.getUUID("id"),
                row.getBoolean("active"),
                instant(row, "next_event_at"),
                instant(row, "last_event_at"),
                instant(row, "created_at"),
                row.getString("schedule"));
    }

    /** The events a schedule source fired, oldest first. */
    List<Tick> ticks(UUID sourceId) {
        return database.query("""
                        SELECT id, event_id, name, source, CAST(payload AS text) AS payload, CAST(context AS text) AS context,
                               CAST(source_context AS text) AS source_context, delivered_at, created_at
                        FROM event_records WHERE event_id LIKE $1 ORDER BY created_at, event_id""", sourceId + ":%").stream()
                .map(row -> new Tick(
                        row.getString("event_id"),
                        row.getString("name"),
                        row.getString("source"),
                        row.getString("payload"),
                        row.getString("context"),
                        row.getString("source_context"),
                        instant(row, "delivered_at"),
                        instant(row, "created_at"),
                        row.getUUID("id")))
                .toList();
    }

    /** The runs an event started. */
    List<Run> runs(UUID eventRecordId) {
        return database
                .query(
                        "SELECT id, status, CAST(output AS text) AS output FROM job_runs WHERE event_id = $1 ORDER BY number",
                        eventRecordId)
                .stream()
                .map(row -> new Run(row.getUUID("id"), row.getString("status"), row.getString("output")))
                .toList();
    }

    /** Moves the schedule's next tick, as the clock reaching (or passing) it would. */
    void dueAt(UUID sourceId, String instantSql) {
        database.query("UPDATE schedule_sources SET next_event_at = " + instantSql + " WHERE id = $1", sourceId);
    }

    /** Switches the environment's schedules off once a test is done with them (they would go on firing). */
    void stopAll(Tenant tenant) {
        database.query(
                "UPDATE schedule_sources SET active = false, next_event_at = NULL WHERE environment_id = $1::uuid",
                tenant.environmentId());
    }

    Instant databaseNow() {
        return instant(database.query("SELECT now() AS now").get(0), "now");
    }

    static void await(BooleanSupplier condition, String what, int seconds) {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out after " + seconds + " s waiting for " + what);
            }
            LockSupport.parkNanos(20_000_000);
        }
    }

    private static Instant instant(Row row, String column) {
        var value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }
}
