package io.kongflow.jobs.persistence;

import io.quarkus.flyway.FlywayConfigurationCustomizer;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * Landed migrations whose comments were restated (their SQL unchanged): a database written by an
 * earlier release recorded the old checksum, which Flyway would refuse. Before validating, exactly
 * that old checksum is replaced by the new one; any other checksum is left for Flyway to judge.
 */
@Singleton
public class RestatedMigrations implements FlywayConfigurationCustomizer {

    /** V1's header named a document the repository does not have; it now points to ARCHITECTURE.md. */
    static final String V1 = "1";

    static final int V1_BEFORE = -814474528;
    static final int V1_AFTER = -1552990340;

    @Override
    public void customize(FluentConfiguration configuration) {
        configuration.callbacks(new Restate());
    }

    /** Also usable by a plain Flyway (the upgrade test). */
    public static Callback callback() {
        return new Restate();
    }

    private static final class Restate implements Callback {

        @Override
        public boolean supports(Event event, Context context) {
            return event == Event.BEFORE_VALIDATE || event == Event.BEFORE_MIGRATE;
        }

        @Override
        public boolean canHandleInTransaction(Event event, Context context) {
            return true;
        }

        @Override
        public void handle(Event event, Context context) {
            String history = context.getConfiguration().getTable();
            try (Statement statement = context.getConnection().createStatement()) {
                statement.execute("DO $$ BEGIN IF to_regclass('" + history + "') IS NOT NULL THEN "
                        + "UPDATE " + history + " SET checksum = " + V1_AFTER
                        + " WHERE version = '" + V1 + "' AND checksum = " + V1_BEFORE + "; END IF; END $$");
            } catch (SQLException e) {
                throw new IllegalStateException("Could not restate the checksum of migration V" + V1, e);
            }
        }

        @Override
        public String getCallbackName() {
            return "restated-migrations";
        }
    }
}
