package io.kongflow.jobs.persistence;

import io.kongflow.jobs.problem.NotFound;
import io.smallrye.mutiny.Uni;
import java.util.UUID;

/** The id of an environment's endpoint by slug: all the write paths need of it. */
public final class EndpointRows {

    private static final String OF_ENVIRONMENT = """
            SELECT id FROM endpoints WHERE environment_id = :environmentId AND slug = :slug""";

    private EndpointRows() {}

    /** The endpoint's id, or a {@link NotFound} naming it. */
    public static Uni<UUID> require(Statements sql, UUID environmentId, String slug) {
        return sql.first(
                        OF_ENVIRONMENT,
                        Parameters.with("environmentId", environmentId).and("slug", slug),
                        row -> row.getUUID("id"))
                .onItem()
                .ifNull()
                .failWith(() -> new NotFound("Endpoint '" + slug + "'"));
    }
}
