package io.kongflow.jobs.indexing;

import com.fasterxml.jackson.databind.JsonNode;
import io.kongflow.jobs.persistence.Endpoint;
import io.kongflow.jobs.persistence.EndpointIndex;
import io.kongflow.jobs.persistence.IndexSource;
import io.kongflow.jobs.problem.Conflict;
import io.kongflow.jobs.problem.NotFound;
import io.kongflow.jobs.tenancy.Caller;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** Starts endpoint indexes: at once for the API, queued for deploy hooks. */
@ApplicationScoped
public class IndexEndpoint {

    private final IndexQueue queue;
    private final IndexRunner runner;

    public IndexEndpoint(IndexQueue queue, IndexRunner runner) {
        this.queue = queue;
        this.runner = runner;
    }

    /** Indexes the caller's endpoint now and answers the finished index. */
    public Uni<EndpointIndex> now(Caller caller, String slug, String reason, JsonNode data) {
        return Panache.withSession(
                        () -> Endpoint.<Endpoint>find("environmentId = ?1 and slug = ?2", caller.environmentId(), slug)
                                .firstResult())
                .onItem()
                .ifNull()
                .failWith(() -> new NotFound("Endpoint '" + slug + "'"))
                .invoke(IndexEndpoint::requireUrl)
                .chain(endpoint -> queue.startNow(endpoint.id, IndexSource.API, reason, data))
                .chain(index -> runner.run(index.id).chain(() -> queue.reload(index.id)));
    }

    /** A deploy hook: the environment id, slug and hook identifier must all match; queues an index. */
    public Uni<EndpointIndex> hook(String environmentId, String slug, String hookIdentifier) {
        UUID environment;
        try {
            environment = UUID.fromString(environmentId);
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().failure(new NotFound("Endpoint"));
        }
        return Panache.withSession(() -> Endpoint.<Endpoint>find(
                                "environmentId = ?1 and slug = ?2 and indexingHookIdentifier = ?3",
                                environment,
                                slug,
                                hookIdentifier)
                        .firstResult())
                .onItem()
                .ifNull()
                .failWith(() -> new NotFound("Endpoint"))
                .invoke(IndexEndpoint::requireUrl)
                .chain(endpoint -> queue.enqueue(endpoint.id, IndexSource.HOOK, "Deploy hook", null));
    }

    private static void requireUrl(Endpoint endpoint) {
        if (endpoint.url == null) {
            throw new Conflict("Endpoint '" + endpoint.slug + "' has been deleted; register it again first");
        }
    }
}
