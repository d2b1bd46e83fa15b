package io.kongflow.jobs.persistence;

import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import java.util.Set;
import java.util.function.Supplier;
import org.hibernate.JDBCException;

/**
 * Runs a whole transaction again when PostgreSQL aborted it for a reason that a retry resolves:
 * a serialization failure, a deadlock, or a unique-key race lost to a concurrent insert.
 */
public final class Transactions {

    private static final int ATTEMPTS = 5;
    // serialization_failure, deadlock_detected, unique_violation
    private static final Set<String> RETRYABLE = Set.of("40001", "40P01", "23505");

    private Transactions() {}

    /** Subscribes to a fresh transaction from {@code transaction} on each attempt. */
    public static <T> Uni<T> retrying(Supplier<Uni<? extends T>> transaction) {
        return Uni.createFrom()
                .<T>deferred(transaction)
                .onFailure(Transactions::isRetryable)
                .retry()
                .atMost(ATTEMPTS - 1);
    }

    public static boolean isRetryable(Throwable failure) {
        String sqlState = sqlState(failure);
        return sqlState != null && RETRYABLE.contains(sqlState);
    }

    /** The SQLSTATE of the PostgreSQL error behind a failure, or null. */
    public static String sqlState(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof PgException pg) {
                return pg.getSqlState();
            }
            // Hibernate Reactive reports native-query errors as JDBC exceptions carrying the state.
            if (cause instanceof JDBCException jdbc && jdbc.getSQLState() != null) {
                return jdbc.getSQLState();
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return null;
    }
}
