package io.kongflow.jobs.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.kongflow.jobs.support.Api;
import io.kongflow.jobs.support.Database;
import io.kongflow.jobs.support.Fixtures;
import io.kongflow.jobs.support.Tenants;
import io.kongflow.jobs.support.Tenants.Tenant;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * V14's triggers, seen from a LISTEN session of its own: every committed change that a catalog
 * read shows notifies {@code kongflow_catalog} once with the project's id; bookkeeping that no read
 * shows, and a rolled-back change, notify nothing.
 */
@QuarkusTest
class CatalogTriggersTest {

    final Database database = Database.shared();

    @Test
    void changesAReadShowsNotifyTheirProjectOnceAtCommitAndNothingElseDoes() throws Exception {
        Tenant tenant = Tenants.create();
        Api.endpoint(tenant, "app");
        Api.register(tenant, "app", Fixtures.job("index-integrations", "sync-crm"))
                .statusCode(201);
        String environment = tenant.environmentId();
        String project = projectOf(tenant);
        String job = "(SELECT id FROM jobs WHERE project_id = '" + project + "'::uuid AND slug = 'sync-crm')";

        try (Connection listener = connect()) {
            try (Statement listen = listener.createStatement()) {
                listen.execute("LISTEN kongflow_catalog");
            }
            Notified notified = new Notified(listener, project);

            change("UPDATE jobs SET updated_at = now() WHERE id = " + job);
            change("UPDATE job_queues SET job_count = job_count + 1 WHERE environment_id = '" + environment + "'");
            assertEquals(0, notified.count(), "bookkeeping no read shows");

            change("UPDATE jobs SET title = 'Renamed' WHERE id = " + job);
            assertEquals(1, notified.count(), "a job's title");
            change("UPDATE job_queues SET max_jobs = 9 WHERE environment_id = '" + environment + "'");
            assertEquals(1, notified.count(), "a queue's limit");
            change("UPDATE job_versions SET status = 'DISABLED' WHERE job_id = " + job);
            assertEquals(1, notified.count(), "a version's status");
            change("UPDATE job_aliases SET updated_at = now() WHERE job_id = " + job);
            assertEquals(1, notified.count(), "an alias");
            change("""
                    DO $$ BEGIN
                        UPDATE jobs SET title = 'Twice' WHERE id = %1$s;
                        UPDATE job_versions SET status = 'ACTIVE' WHERE job_id = %1$s;
                        UPDATE job_aliases SET updated_at = now() WHERE job_id = %1$s;
                    END $$""".formatted(job));
            assertEquals(1, notified.count(), "one notification for a transaction's changes of one project");

            assertThrows(RuntimeException.class, () -> change("""
                    DO $$ BEGIN
                        UPDATE jobs SET title = 'Rolled back' WHERE id = %s;
                        RAISE EXCEPTION 'no';
                    END $$""".formatted(job)));
            assertEquals(0, notified.count(), "a rolled-back change");

            tenant.sibling("staging", "STAGING");
            assertEquals(1, notified.count(), "a new environment of the project");

            // An integration is the organization's: every project of it shows its auth source.
            Tenant otherProject = tenant.otherProject();
            String other = projectOf(otherProject);
            notified.drain();
            change("UPDATE integrations SET auth_source = 'RESOLVER' WHERE slug = 'acme-crm' AND organization_id = "
                    + "(SELECT organization_id FROM projects WHERE id = '" + project + "'::uuid)");
            assertEquals(Set.of(project, other), Set.copyOf(notified.payloads(Set.of(project, other))));

            change("DELETE FROM endpoints WHERE project_id = '" + project + "'::uuid");
            assertEquals(1, notified.count(), "an endpoint's deletion, through its versions");
        }
    }

    private String projectOf(Tenant tenant) {
        return database.query(
                        "SELECT CAST(project_id AS text) FROM runtime_environments WHERE id = $1::uuid",
                        tenant.environmentId())
                .get(0)
                .getString(0);
    }

    private void change(String sql) {
        database.query(sql);
    }

    private static Connection connect() throws SQLException {
        Config config = ConfigProvider.getConfig();
        return DriverManager.getConnection(
                config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getOptionalValue("quarkus.datasource.username", String.class)
                        .orElse(null),
                config.getOptionalValue("quarkus.datasource.password", String.class)
                        .orElse(null));
    }

    /** The notifications the LISTEN session received since the last look. */
    private record Notified(Connection connection, String project) {

        int count() throws SQLException {
            return payloads(Set.of(project)).size();
        }

        void drain() throws SQLException {
            payloads(Set.of());
        }

        /** Payloads naming any of {@code projects}, waiting until 300 ms pass without one. */
        List<String> payloads(Set<String> projects) throws SQLException {
            List<String> payloads = new ArrayList<>();
            PGConnection listening = connection.unwrap(PGConnection.class);
            PGNotification[] batch;
            while ((batch = listening.getNotifications(300)) != null && batch.length > 0) {
                for (PGNotification notification : batch) {
                    if (projects.contains(notification.getParameter())) {
                        payloads.add(notification.getParameter());
                    }
                }
            }
            return payloads;
        }
    }
}
