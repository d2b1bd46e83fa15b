package io.kongflow.jobs.persistence;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs SQL with {@code :name} parameters on the reactive PostgreSQL client: inside a transaction
 * when it comes from {@link Postgres#transaction}, one autocommitted statement at a time when it
 * comes from {@link Postgres#statements()}. Statements are prepared once per connection.
 */
public final class Statements {

    private final SqlClient client;

    Statements(SqlClient client) {
        this.client = client;
    }

    /** All rows; a row is an {@code Object[]} of its columns in order. */
    public Uni<List<Object[]>> rows(String sql, Map<String, ?> parameters) {
        return run(sql, parameters).map(Statements::arrays);
    }

    /** The first row, or null when there is none. */
    public Uni<Object[]> row(String sql, Map<String, ?> parameters) {
        return run(sql, parameters).map(rows -> {
            var iterator = rows.iterator();
            return iterator.hasNext() ? array(iterator.next()) : null;
        });
    }

    /** The first column of every row. */
    @SuppressWarnings("unchecked")
    public <T> Uni<List<T>> column(String sql, Map<String, ?> parameters) {
        return run(sql, parameters).map(rows -> {
            List<T> values = new ArrayList<>(rows.size());
            rows.forEach(row -> values.add((T) row.getValue(0)));
            return values;
        });
    }

    /** Runs a statement; answers how many rows it touched. */
    public Uni<Integer> execute(String sql, Map<String, ?> parameters) {
        return run(sql, parameters).map(RowSet::rowCount);
    }

    private Uni<RowSet<Row>> run(String text, Map<String, ?> parameters) {
        NamedParameters statement = NamedParameters.of(text);
        Tuple values = Tuple.tuple();
        for (String name : statement.names) {
            if (!parameters.containsKey(name)) {
                throw new IllegalArgumentException("No value for parameter :" + name);
            }
            values.addValue(parameters.get(name));
        }
        return client.preparedQuery(statement.sql).execute(values);
    }

    private static List<Object[]> arrays(RowSet<Row> rows) {
        List<Object[]> arrays = new ArrayList<>(rows.size());
        rows.forEach(row -> arrays.add(array(row)));
        return arrays;
    }

    private static Object[] array(Row row) {
        Object[] values = new Object[row.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = row.getValue(i);
        }
        return values;
    }
}
