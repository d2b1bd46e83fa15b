package io.kongflow.jobs.persistence;

import io.kongflow.jobs.problem.NotFound;
import io.smallrye.mutiny.Uni;
import java.util.UUID;

/**
 * The one lookup of a live (not deleted) job of a project by slug, with the row lock its caller
 * needs. Writers that change what a job's versions, aliases or dispatcher say (registration,
 * disable, delete, alias pins) lock the row {@link Lock#UPDATE}, so they never interleave; run
 * creation takes it {@link Lock#SHARE}, so a run is never created on a version a concurrent
 * disable has just disabled.
 */
public final class JobRows {

    /** The lock taken on the job row until the transaction ends. */
    public enum Lock {
        NONE(""),
        SHARE(" FOR SHARE"),
        UPDATE(" FOR NO KEY UPDATE");

        private final String sql;

        Lock(String clause) {
            this.sql = "SELECT id FROM jobs WHERE project_id = :projectId AND slug = :slug AND deleted_at IS NULL"
                    + clause;
        }
    }

    private JobRows() {}

    /** The job's id, or a null item when the project has no such live job. */
    public static Uni<UUID> find(Statements sql, UUID projectId, String slug, Lock lock) {
        return sql.first(lock.sql, Parameters.with("projectId", projectId).and("slug", slug), row -> row.getUUID("id"));
    }

    /** The job's id, or a {@link NotFound} naming it. */
    public static Uni<UUID> require(Statements sql, UUID projectId, String slug, Lock lock) {
        return find(sql, projectId, slug, lock).onItem().ifNull().failWith(() -> new NotFound("Job '" + slug + "'"));
    }
}
