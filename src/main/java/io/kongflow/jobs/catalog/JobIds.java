package io.kongflow.jobs.catalog;

import io.kongflow.jobs.persistence.NativeSql;
import io.kongflow.jobs.persistence.Statements;
import io.kongflow.jobs.problem.NotFound;
import io.kongflow.jobs.tenancy.Caller;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The id of a live job of the caller's project, or a {@link NotFound}. */
public final class JobIds {

    private static final String LIVE_JOB = """
            SELECT id FROM jobs WHERE project_id = :projectId AND slug = :slug AND deleted_at IS NULL""";

    private JobIds() {}

    /** On the current Hibernate Reactive session (callers provide it). */
    public static Uni<UUID> of(Caller caller, String slug) {
        return NativeSql.column(LIVE_JOB, UUID.class, parameters(caller, slug)).map(ids -> first(ids, slug));
    }

    public static Uni<UUID> of(Statements sql, Caller caller, String slug) {
        return sql.<UUID>column(LIVE_JOB, parameters(caller, slug)).map(ids -> first(ids, slug));
    }

    private static Map<String, Object> parameters(Caller caller, String slug) {
        return Map.of("projectId", caller.projectId(), "slug", slug);
    }

    private static UUID first(List<UUID> ids, String slug) {
        if (ids.isEmpty()) {
            throw new NotFound("Job '" + slug + "'");
        }
        return ids.get(0);
    }
}
