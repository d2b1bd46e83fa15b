package io.kongflow.jobs.registration;

import io.kongflow.jobs.persistence.Parameters;
import io.kongflow.jobs.persistence.Statements;
import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.UUID;

/** The one write of an alias: points (job, environment, name) at a version, creating the alias if needed. */
final class AliasRows {

    private static final String UPSERT = """
            INSERT INTO job_aliases (job_id, environment_id, version_id, name, value)
            VALUES (:jobId, :environmentId, :versionId, :name, :value)
            ON CONFLICT (job_id, environment_id, name) DO UPDATE SET
                version_id = EXCLUDED.version_id, value = EXCLUDED.value, updated_at = now()
            RETURNING updated_at""";

    private AliasRows() {}

    /** Answers when the alias was written. */
    static Uni<Instant> point(
            Statements sql, UUID jobId, UUID environmentId, String name, UUID versionId, String version) {
        Parameters parameters = Parameters.with("jobId", jobId)
                .and("environmentId", environmentId)
                .and("name", name)
                .and("versionId", versionId)
                .and("value", version);
        return sql.first(
                UPSERT, parameters, row -> row.getOffsetDateTime("updated_at").toInstant());
    }
}
