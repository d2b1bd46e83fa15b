package io.kongflow.jobs.persistence;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.Map;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Runs native SQL on the current Hibernate Reactive session (and so in its transaction). The write
 * path uses it for upserts, which JPQL cannot express; PostgreSQL's constraints keep them safe.
 */
public final class NativeSql {

    private NativeSql() {}

    /** All rows; a row is an {@code Object[]} of its columns in order. */
    public static Uni<List<Object[]>> rows(String sql, Map<String, ?> parameters) {
        return Panache.getSession().chain(session -> {
            Mutiny.SelectionQuery<Object[]> query = session.createNativeQuery(sql, Object[].class);
            parameters.forEach(query::setParameter);
            return query.getResultList();
        });
    }

    /** The first row, or null when there is none. */
    public static Uni<Object[]> row(String sql, Map<String, ?> parameters) {
        return rows(sql, parameters).map(rows -> rows.isEmpty() ? null : rows.get(0));
    }

    /** The single column of every row. */
    public static <T> Uni<List<T>> column(String sql, Class<T> type, Map<String, ?> parameters) {
        return Panache.getSession().chain(session -> {
            Mutiny.SelectionQuery<T> query = session.createNativeQuery(sql, type);
            parameters.forEach(query::setParameter);
            return query.getResultList();
        });
    }

    /** Runs a statement that returns no rows; answers how many rows it touched. */
    public static Uni<Integer> execute(String sql, Map<String, ?> parameters) {
        return Panache.getSession().chain(session -> {
            Mutiny.MutationQuery query = session.createNativeQuery(sql);
            parameters.forEach(query::setParameter);
            return query.executeUpdate();
        });
    }
}
