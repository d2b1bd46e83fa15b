package io.kongflow.jobs.persistence;

import io.vertx.mutiny.sqlclient.Row;
import java.time.Instant;
import java.time.OffsetDateTime;

/** Column reads the row API has no one-call form for. */
public final class Rows {

    private Rows() {}

    /** A {@code timestamptz} column as an instant; null for NULL. */
    public static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }
}
