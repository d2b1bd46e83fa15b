package io.kongflow.jobs.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.kongflow.jobs.support.PackagedService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.Test;

/**
 * A database written by the release before V1's comments were restated migrates with the current
 * release: the old checksum is restated, every later migration applies, nothing else changes. V1's
 * SQL did not change, only its first comment line, so such a database is V1's schema with the
 * checksum Flyway recorded for the previous text ({@link RestatedMigrations#V1_BEFORE}).
 */
class RestatedMigrationsTest {

    @Test
    void aDatabaseOfThePreviousReleaseMigratesAndOnlyTheKnownOldChecksumIsRestated() throws Exception {
        Map<String, String> database = PackagedService.ownDatabase("kongflow_restated");
        flyway(database, "classpath:db/migration").target("1").load().migrate();
        execute(
                database,
                "UPDATE flyway_schema_history SET checksum = " + RestatedMigrations.V1_BEFORE + " WHERE version = '1'");
        assertEquals(RestatedMigrations.V1_BEFORE, v1Checksum(database));

        // Without the callback Flyway refuses the database: the comment change alone is a mismatch.
        assertThrows(
                FlywayException.class,
                () -> flyway(database, "classpath:db/migration").load().validate());

        flyway(database, "classpath:db/migration")
                .callbacks(RestatedMigrations.callback())
                .load()
                .migrate();
        assertEquals(
                flyway(database, "classpath:db/migration").load().info().all().length,
                flyway(database, "classpath:db/migration").load().info().applied().length,
                "every migration of the current release applied");
        assertEquals(RestatedMigrations.V1_AFTER, v1Checksum(database));
    }

    @Test
    void theRestatedChecksumIsTheOneOfTheMigrationAsItIsNow() throws Exception {
        Map<String, String> database = PackagedService.ownDatabase("kongflow_restated_fresh");
        flyway(database, "classpath:db/migration").load().migrate();
        assertEquals(RestatedMigrations.V1_AFTER, v1Checksum(database));
    }

    private static FluentConfiguration flyway(Map<String, String> database, String location) {
        return Flyway.configure()
                .dataSource(
                        database.get("quarkus.datasource.jdbc.url"),
                        database.get("quarkus.datasource.username"),
                        database.get("quarkus.datasource.password"))
                .locations(location);
    }

    private static Connection connect(Map<String, String> database) throws Exception {
        return DriverManager.getConnection(
                database.get("quarkus.datasource.jdbc.url"),
                database.get("quarkus.datasource.username"),
                database.get("quarkus.datasource.password"));
    }

    private static void execute(Map<String, String> database, String sql) throws Exception {
        try (Connection connection = connect(database)) {
            connection.createStatement().execute(sql);
        }
    }

    private static int v1Checksum(Map<String, String> database) throws Exception {
        try (Connection connection = connect(database);
                ResultSet row = connection
                        .createStatement()
                        .executeQuery("SELECT checksum FROM flyway_schema_history WHERE version = '1'")) {
            row.next();
            return row.getInt(1);
        }
    }
}
