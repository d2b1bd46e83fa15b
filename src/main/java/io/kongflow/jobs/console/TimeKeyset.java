package io.kongflow.jobs.console;

import io.kongflow.jobs.persistence.Cursor;
import io.kongflow.jobs.problem.InvalidInput;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * The console lists' cursors: the {@code (created_at, id)} of a page's last line, newest first, so
 * the next page starts strictly before it.
 */
record TimeKeyset(OffsetDateTime at, UUID id) {

    /** The position a cursor names, or null for the first page; a cursor not made here is a 400. */
    static TimeKeyset before(String cursor) {
        String key = Cursor.decode(cursor);
        if (key == null) {
            return null;
        }
        String[] parts = key.split(" ");
        try {
            if (parts.length != 2) {
                throw new IllegalArgumentException();
            }
            return new TimeKeyset(OffsetDateTime.parse(parts[0]), UUID.fromString(parts[1]));
        } catch (RuntimeException e) {
            throw new InvalidInput("cursor", "is not a cursor made by this console");
        }
    }

    /** The cursor of the page after the line created at {@code createdAt} with {@code id}. */
    static String after(Instant createdAt, UUID id) {
        return Cursor.encode(OffsetDateTime.ofInstant(createdAt, ZoneOffset.UTC) + " " + id);
    }

    static OffsetDateTime at(TimeKeyset position) {
        return position == null ? null : position.at();
    }

    static UUID id(TimeKeyset position) {
        return position == null ? null : position.id();
    }
}
