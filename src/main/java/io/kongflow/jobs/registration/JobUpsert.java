package io.kongflow.jobs.registration;

import io.kongflow.jobs.persistence.Statements;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.UUID;

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
        return sql.row(
                        UPSERT,
                        Map.of(
                                "organizationId", state.caller.organizationId(),
                                "projectId", state.caller.projectId(),
                                "slug", metadata.slug(),
                                "title", metadata.title(),
                                "internal", metadata.internal(),
                                "enabled", metadata.enabled()))
                .map(row -> {
                    state.jobId = (UUID) row[0];
                    state.jobCreated = (Boolean) row[1];
                    state.jobInternal = (Boolean) row[3];
                    state.jobRestored = (Boolean) row[4] && !(Boolean) row[2];
                    if ((Boolean) row[2]) {
                        throw new RegistrationSkipped(state.jobId, state.jobInternal);
                    }
                    return null;
                });
    }
}
