package io.kongflow.jobs.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kongflow.jobs.events.EventViews.ApiEventLog;
import io.kongflow.jobs.persistence.Rows;
import io.vertx.mutiny.sqlclient.Row;
import java.time.Instant;

/** An event record as the events API answers it, and whether this request stored it. */
record StoredEvent(
        String eventId,
        String name,
        String payload,
        String context,
        Instant timestamp,
        Instant deliverAt,
        Instant deliveredAt,
        Instant cancelledAt,
        long deliverInMs,
        boolean isNew) {

    /** The columns {@link #from} reads, for a SELECT or a RETURNING of {@code event_records}. */
    static final String COLUMNS = """
             event_id, name, CAST(payload AS text) AS payload, CAST(context AS text) AS context, "timestamp",
                deliver_at, delivered_at, cancelled_at,
                CAST(GREATEST(0, ceil(EXTRACT(EPOCH FROM deliver_at - now()) * 1000)) AS bigint) AS deliver_in_ms
            """;

    /** A row this request inserted. */
    static StoredEvent from(Row row) {
        return read(row, true);
    }

    /** A row stored before. */
    static StoredEvent repeat(Row row) {
        return read(row, false);
    }

    private static StoredEvent read(Row row, boolean isNew) {
        return new StoredEvent(
                row.getString("event_id"),
                row.getString("name"),
                row.getString("payload"),
                row.getString("context"),
                Rows.instant(row, "timestamp"),
                Rows.instant(row, "deliver_at"),
                Rows.instant(row, "delivered_at"),
                Rows.instant(row, "cancelled_at"),
                row.getLong("deliver_in_ms"),
                isNew);
    }

    ApiEventLog view(ObjectMapper mapper) {
        return new ApiEventLog(
                eventId,
                name,
                json(mapper, payload),
                json(mapper, context),
                timestamp,
                deliverAt,
                deliveredAt,
                cancelledAt);
    }

    private static JsonNode json(ObjectMapper mapper, String text) {
        try {
            return text == null ? null : mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The database returned invalid JSON", e);
        }
    }
}
