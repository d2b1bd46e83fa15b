package io.kongflow.jobs.it;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Holds registrations of one job slug open inside PostgreSQL: a test-only trigger sleeps while
 * writing its version, after the job and queue rows were written in the same transaction. A crash
 * at that moment must leave none of them behind.
 */
final class HeldRegistration {

    private static final String FUNCTION = "hold_registration_at_crash";

    private final Connection db;
    private final String slug;

    private HeldRegistration(Connection db, String slug) {
        this.db = db;
        this.slug = slug;
    }

    static HeldRegistration install(Connection db, String slug) throws SQLException {
        try (Statement statement = db.createStatement()) {
            statement.execute("""
                    CREATE OR REPLACE FUNCTION %s() RETURNS trigger AS $$
                    BEGIN
                      IF (SELECT slug FROM jobs WHERE id = NEW.job_id) = '%s' THEN PERFORM pg_sleep(600); END IF;
                      RETURN NEW;
                    END $$ LANGUAGE plpgsql""".formatted(FUNCTION, slug));
            statement.execute(
                    "CREATE OR REPLACE TRIGGER %s BEFORE INSERT ON job_versions FOR EACH ROW EXECUTE FUNCTION %s()"
                            .formatted(FUNCTION, FUNCTION));
        }
        return new HeldRegistration(db, slug);
    }

    String slug() {
        return slug;
    }

    /** Whether a registration is asleep in the trigger now, its transaction open. */
    boolean held() throws SQLException {
        return count(
                        "SELECT count(*) FROM pg_stat_activity WHERE wait_event = 'PgSleep' AND query LIKE '%job_versions%'")
                == 1;
    }

    /**
     * Ends the held transaction as PostgreSQL would on noticing its client is gone (it notices only
     * once the sleep ends), and removes the trigger.
     */
    void release() throws SQLException {
        try (Statement statement = db.createStatement()) {
            statement.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    + "WHERE wait_event = 'PgSleep' AND query LIKE '%job_versions%'");
            statement.execute("DROP TRIGGER IF EXISTS %s ON job_versions".formatted(FUNCTION));
        }
    }

    /** Rows of the held job: its job row and versions, in any environment. */
    long rowsLeft() throws SQLException {
        return count("SELECT (SELECT count(*) FROM jobs WHERE slug = '%s') + (SELECT count(*) FROM job_versions v "
                        .formatted(slug)
                + "JOIN jobs j ON j.id = v.job_id WHERE j.slug = '%s')".formatted(slug));
    }

    private long count(String sql) throws SQLException {
        try (Statement statement = db.createStatement();
                var rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
