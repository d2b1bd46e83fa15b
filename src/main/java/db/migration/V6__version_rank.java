package db.migration;

import io.kongflow.jobs.registration.VersionOrder;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Adds {@code job_versions.version_rank}: the version's precedence as bytes that sort like
 * {@link VersionOrder} ({@link VersionOrder#rank()}), so that "the highest version of a job" and
 * the newest-first version list are one index lookup instead of reading every version. Existing
 * rows are ranked here, in Java, because the order is defined by {@code VersionOrder} alone.
 */
public class V6__version_rank extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws Exception {
        var connection = context.getConnection();
        try (Statement ddl = connection.createStatement()) {
            ddl.execute("ALTER TABLE job_versions ADD COLUMN version_rank bytea");
        }
        try (Statement read = connection.createStatement();
                ResultSet versions = read.executeQuery("SELECT id, version FROM job_versions");
                PreparedStatement write =
                        connection.prepareStatement("UPDATE job_versions SET version_rank = ? WHERE id = ?")) {
            int pending = 0;
            while (versions.next()) {
                write.setBytes(1, VersionOrder.parse(versions.getString(2)).rank());
                write.setObject(2, versions.getObject(1));
                write.addBatch();
                if (++pending == 1000) {
                    write.executeBatch();
                    pending = 0;
                }
            }
            write.executeBatch();
        }
        try (Statement ddl = connection.createStatement()) {
            ddl.execute("ALTER TABLE job_versions ALTER COLUMN version_rank SET NOT NULL");
            ddl.execute(
                    "CREATE INDEX job_versions_rank_idx ON job_versions (job_id, environment_id, version_rank DESC, version DESC)");
        }
    }
}
