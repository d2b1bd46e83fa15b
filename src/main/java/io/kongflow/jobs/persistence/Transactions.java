package io.kongflow.jobs.persistence;

import io.smallrye.mutiny.Uni;
import java.util.Set;
import java.util.function.Supplier;

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
        String sqlState = DatabaseFailures.sqlState(failure);
        return sqlState != null && RETRYABLE.contains(sqlState);
    }
}
