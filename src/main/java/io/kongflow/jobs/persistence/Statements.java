package io.kongflow.jobs.persistence;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs SQL with {@code :name} parameters on the reactive PostgreSQL client: inside a transaction
 * when it comes from {@link Postgres#transaction}, one autocommitted statement at a time when it
 * comes from {@link Postgres#statements()}. Statements are prepared once per connection; rows
 * reach the caller through a {@link RowMapper} that reads columns by name.
 */
public final class Statements {

    private final SqlClient client;

    Statements(SqlClient client) {
        this.client = client;
    }

    /** Every row, mapped. */
    public <T> Uni<List<T>> list(String sql, Map<String, ?> parameters, RowMapper<T> mapper) {
        return run(sql, parameters).map(rows -> {
            List<T> values = new ArrayList<>(rows.size());
            for (Row row : rows) {
                values.add(mapper.map(row));
            }
            return values;
        });
    }

    /** The first row, mapped; a null item when there is none. */
    public <T> Uni<T> first(String sql, Map<String, ?> parameters, RowMapper<T> mapper) {
        return run(sql, parameters).map(rows -> {
            RowIterator<Row> iterator = rows.iterator();
            return iterator.hasNext() ? mapper.map(iterator.next()) : null;
        });
    }

    /** Runs a statement; answers how many rows it touched. */
    public Uni<Integer> execute(String sql, Map<String, ?> parameters) {
        return run(sql, parameters).map(RowSet::rowCount);
    }

    private Uni<RowSet<Row>> run(String text, Map<String, ?> parameters) {
        NamedParameters statement = NamedParameters.of(text);
        Tuple values = Tuple.tuple();
        for (String name : statement.names()) {
            if (!parameters.containsKey(name)) {
                throw new IllegalArgumentException("No value for parameter :" + name);
            }
            values.addValue(parameters.get(name));
        }
        return client.preparedQuery(statement.sql()).execute(values);
    }
}
