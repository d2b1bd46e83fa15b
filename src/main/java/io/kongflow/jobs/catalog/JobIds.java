package io.kongflow.jobs.catalog;

import io.kongflow.jobs.persistence.NativeSql;
import io.kongflow.jobs.problem.NotFound;
import io.kongflow.jobs.tenancy.Caller;
import io.smallrye.mutiny.Uni;

import java.util.Map;
import java.util.UUID;

/** The id of a live job of the caller's project, or a {@link NotFound}; callers provide the session. */
public final class JobIds {

    private static final String LIVE_JOB = """
            SELECT id FROM jobs WHERE project_id = :projectId AND slug = :slug AND deleted_at IS NULL""";

    private JobIds() {
    }

    public static Uni<UUID> of(Caller caller, String slug) {
        return NativeSql.column(LIVE_JOB, UUID.class, Map.of("projectId", caller.projectId(), "slug", slug))
                .map(ids -> {
                    if (ids.isEmpty()) {
                        throw new NotFound("Job '" + slug + "'");
                    }
                    return ids.get(0);
                });
    }
}
