package io.kongflow.jobs.registration;

import io.kongflow.jobs.persistence.Parameters;
import io.kongflow.jobs.persistence.Statements;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Step 1: upserts the job row. Its row lock, held until commit, serialises registrations of the
 * same job on purpose: every later step reads what the previous registration committed.
 */
@ApplicationScoped
class JobUpsert {

    // `before` is read at the start of the statement, before the row lock is taken: under a
    // concurrent delete it may be stale, which can only mislabel the outcome, never the data.
    private static final String UPSERT = """
            WITH before AS (SELECT deleted_at FROM jobs WHERE project_id = :projectId AND slug = :slug)
            INSERT INTO jobs (organization_id, project_id, slug, title, internal)
            VALUES (:organizationId, :projectId, :slug, :title, :internal)
            ON CONFLICT (project_id, slug) DO UPDATE SET
                title = EXCLUDED.title,
                deleted_at = CASE WHEN :enabled THEN NULL ELSE jobs.deleted_at END,
                updated_at = now()
            RETURNING id, xmax = 0 AS created, deleted_at IS NOT NULL AS deleted, internal,
                COALESCE((SELECT deleted_at IS NOT NULL FROM before), false) AS was_deleted""";

    /** Fails with {@link RegistrationSkipped} when the job is deleted and the metadata disabled. */
    Uni<Void> apply(Statements sql, RegistrationState state) {
        JobMetadata metadata = state.metadata;
        Parameters parameters = Parameters.with("organizationId", state.caller.organizationId())
                .and("projectId", state.caller.projectId())
                .and("slug", metadata.slug())
                .and("title", metadata.title())
                .and("internal", metadata.internal())
                .and("enabled", metadata.enabled());
        return sql.first(UPSERT, parameters, row -> {
            state.jobId = row.getUUID("id");
            state.jobCreated = row.getBoolean("created");
            state.jobInternal = row.getBoolean("internal");
            boolean deleted = row.getBoolean("deleted");
            state.jobRestored = row.getBoolean("was_deleted") && !deleted;
            if (deleted) {
                throw new RegistrationSkipped(state.jobId, state.jobInternal);
            }
            return null;
        });
    }
}
