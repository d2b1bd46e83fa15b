package io.kongflow.jobs.persistence;

import io.vertx.pgclient.PgException;
import java.net.ConnectException;
import org.hibernate.JDBCException;

/** Reads what a database failure means: unreachable (rather than a bug), and its SQLSTATE. */
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
