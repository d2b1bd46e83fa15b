package io.kongflow.jobs.persistence;

import io.vertx.mutiny.sqlclient.Row;

/**
 * Turns one row into a value, reading its columns by name ({@code row.getUUID("id")}), so a
 * reordered or added column never shifts what a record receives.
 */
@FunctionalInterface
public interface RowMapper<T> {

    T map(Row row);
}
