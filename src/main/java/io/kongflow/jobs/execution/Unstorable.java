package io.kongflow.jobs.execution;

import io.kongflow.jobs.persistence.DatabaseFailures;
import io.kongflow.jobs.persistence.RunStatus;
import io.vertx.pgclient.PgException;

/**
 * The failure of a run whose endpoint's answer could not be stored. The run fails rather than
 * have its answer altered to fit: a changed output would pass for the job's own, and the job's
 * code is where a NUL or an oversized value can be fixed.
 */
final class Unstorable {

    private Unstorable() {}

    static Outcome.Finish failure(Throwable cause) {
        return Outcome.fail(RunStatus.FAILURE, "The endpoint's answer could not be stored: " + reason(cause));
    }

    private static String reason(Throwable cause) {
        String state = DatabaseFailures.sqlState(cause);
        if ("22P05".equals(state) || "22021".equals(state)) {
            return "it contains a NUL character (\\u0000) or other text PostgreSQL cannot store ("
                    + postgresMessage(cause) + ")";
        }
        if ("54000".equals(state) || "22001".equals(state)) {
            return "a value is over a PostgreSQL limit (" + postgresMessage(cause) + ")";
        }
        return postgresMessage(cause);
    }

    private static String postgresMessage(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof PgException pg) {
                String detail = pg.getDetail();
                return pg.getErrorMessage() + (detail == null ? "" : ": " + detail) + ", SQLSTATE " + pg.getSqlState();
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return String.valueOf(failure.getMessage());
    }
}
