package io.kongflow.jobs.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kongflow.jobs.support.PackagedService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * V17 on a database of the previous release: every stored event had started its one run (a test
 * run or an invocation) and counts as delivered when it was written, so delivery never hands it to
 * other jobs; nothing else of it changes.
 */
class EventDeliveryMigrationTest {

    private static final String STORED_EVENT = """
            WITH o AS (INSERT INTO organizations (slug, title) VALUES ('acme', 'Acme') RETURNING id),
                 p AS (INSERT INTO projects (organization_id, slug, name) SELECT id, 'web', 'Web' FROM o RETURNING id, organization_id),
                 e AS (INSERT INTO runtime_environments (organization_id, project_id, slug, type, api_key_hash)
                       SELECT organization_id, id, 'dev', 'DEVELOPMENT', 'hash' FROM p RETURNING id, organization_id, project_id)
            INSERT INTO event_records (environment_id, organization_id, project_id, event_id, name, source, payload, context,
                is_test, created_at)
            SELECT id, organization_id, project_id, 'test:user.created:1', 'user.created', 'trigger.dev', '{"a":1}', '{}',
                true, '2026-01-02T03:04:05Z' FROM e""";

    @Test
    void eventsOfThePreviousReleaseCountAsDeliveredWhenTheyWereWritten() throws Exception {
        Map<String, String> database = PackagedService.ownDatabase("kongflow_v17_backfill");
        flyway(database).target("16").load().migrate();
        execute(database, STORED_EVENT);

        flyway(database).load().migrate();

        try (Connection connection = connect(database);
                ResultSet row = connection
                        .createStatement()
                        .executeQuery("SELECT deliver_at = created_at AS due_when_written,"
                                + " delivered_at = created_at AS delivered_when_written, cancelled_at IS NULL AS not_cancelled,"
                                + " CAST(payload AS text) AS payload, created_at = '2026-01-02T03:04:05Z' AS created_kept"
                                + " FROM event_records")) {
            row.next();
            assertEquals(true, row.getBoolean("due_when_written"));
            assertEquals(true, row.getBoolean("delivered_when_written"));
            assertEquals(true, row.getBoolean("not_cancelled"));
            assertEquals(true, row.getBoolean("created_kept"));
            assertEquals("{\"a\": 1}", row.getString("payload"));
        }
        try (Connection connection = connect(database);
                ResultSet row = connection
                        .createStatement()
                        .executeQuery(
                                "SELECT count(*) FROM event_records WHERE delivered_at IS NULL AND cancelled_at IS NULL")) {
            row.next();
            assertEquals(0, row.getInt(1), "nothing of the previous release is left to deliver");
        }
    }

    private static org.flywaydb.core.api.configuration.FluentConfiguration flyway(Map<String, String> database) {
        return Flyway.configure()
                .dataSource(
                        database.get("quarkus.datasource.jdbc.url"),
                        database.get("quarkus.datasource.username"),
                        database.get("quarkus.datasource.password"))
                .locations("classpath:db/migration");
    }

    private static Connection connect(Map<String, String> database) throws SQLException {
        return DriverManager.getConnection(
                database.get("quarkus.datasource.jdbc.url"),
                database.get("quarkus.datasource.username"),
                database.get("quarkus.datasource.password"));
    }

    private static void execute(Map<String, String> database, String sql) throws SQLException {
        try (Connection connection = connect(database);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
