package io.kongflow.jobs.support;

import io.vertx.mutiny.sqlclient.Row;
import java.util.List;

/**
 * Sets aside every unfinished index of other tests (they share the database, and the worker is off
 * in most of them), so that a test claiming indexes claims only its own; {@link #close()} puts them
 * back as they were.
 */
public final class ParkedIndexes implements AutoCloseable {

    private final Database database;
    private final String[] ids;
    private final String[] statuses;

    private ParkedIndexes(Database database, List<Row> parked) {
        this.database = database;
        this.ids = parked.stream().map(row -> row.getString(0)).toArray(String[]::new);
        this.statuses = parked.stream().map(row -> row.getString(1)).toArray(String[]::new);
    }

    public static ParkedIndexes park(Database database) {
        return new ParkedIndexes(database, database.query("""
                UPDATE endpoint_indexes i SET status = 'FAILURE'
                FROM (SELECT id, status FROM endpoint_indexes WHERE status IN ('PENDING', 'STARTED') FOR UPDATE) old
                WHERE i.id = old.id
                RETURNING i.id::text, old.status"""));
    }

    @Override
    public void close() {
        database.query("""
                UPDATE endpoint_indexes i SET status = parked.status
                FROM unnest($1::text[], $2::text[]) AS parked(id, status)
                WHERE i.id = parked.id::uuid AND i.status = 'FAILURE'""", ids, statuses);
    }
}
