package io.kongflow.jobs.console;

import io.kongflow.jobs.persistence.Cursor;
import io.kongflow.jobs.problem.InvalidInput;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

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

    /**
     * A page of {@code rows} read with {@code LIMIT limit + 1}: the first {@code limit}, and the
     * cursor after the last of them when the extra row shows there is more.
     */
    static <T> Page<T> page(List<T> rows, int limit, Function<T, Instant> createdAt, Function<T, UUID> id) {
        List<T> page = rows.subList(0, Math.min(limit, rows.size()));
        if (rows.size() <= limit) {
            return new Page<>(page, null);
        }
        T last = page.get(page.size() - 1);
        return new Page<>(page, after(createdAt.apply(last), id.apply(last)));
    }

    /** A page of a list and the cursor of the next one (null on the last). */
    record Page<T>(List<T> rows, String nextCursor) {}

    static OffsetDateTime at(TimeKeyset position) {
        return position == null ? null : position.at();
    }

    static UUID id(TimeKeyset position) {
        return position == null ? null : position.id();
    }
}
