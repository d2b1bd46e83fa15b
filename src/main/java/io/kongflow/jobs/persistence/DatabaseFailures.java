package io.kongflow.jobs.persistence;

import java.net.ConnectException;

/** Recognises failures that mean "the database cannot be reached" rather than a bug. */
public final class DatabaseFailures {

    private DatabaseFailures() {}

    public static boolean isUnavailable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException
                    || cause instanceof io.vertx.sqlclient.ClosedConnectionException
                    || cause instanceof io.netty.channel.ConnectTimeoutException) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }
}
