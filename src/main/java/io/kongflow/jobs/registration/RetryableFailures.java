package io.kongflow.jobs.registration;

import io.vertx.pgclient.PgException;

import java.util.Set;

/** Failures after which running the whole transaction again is safe and likely to succeed. */
final class RetryableFailures {

    // serialization_failure, deadlock_detected, unique_violation (a concurrent insert won a race)
    private static final Set<String> SQL_STATES = Set.of("40001", "40P01", "23505");

    private RetryableFailures() {
    }

    static boolean isRetryable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof PgException pg && SQL_STATES.contains(pg.getSqlState())) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }
}
