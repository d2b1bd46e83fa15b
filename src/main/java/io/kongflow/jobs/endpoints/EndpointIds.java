package io.kongflow.jobs.endpoints;

import io.kongflow.jobs.persistence.Statements;
import io.kongflow.jobs.problem.NotFound;
import io.kongflow.jobs.tenancy.Caller;
import io.smallrye.mutiny.Uni;
import java.util.Map;
import java.util.UUID;

/** The id of the caller's endpoint with a slug, or a {@link NotFound} (the write paths need no more of it). */
public final class EndpointIds {

    private static final String OF_ENVIRONMENT = """
            SELECT id FROM endpoints WHERE environment_id = :environmentId AND slug = :slug""";

    private EndpointIds() {}

    public static Uni<UUID> of(Statements sql, Caller caller, String slug) {
        return sql.<UUID>column(OF_ENVIRONMENT, Map.of("environmentId", caller.environmentId(), "slug", slug))
                .map(ids -> {
                    if (ids.isEmpty()) {
                        throw new NotFound("Endpoint '" + slug + "'");
                    }
                    return ids.get(0);
                });
    }
}
