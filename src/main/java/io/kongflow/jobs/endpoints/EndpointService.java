package io.kongflow.jobs.endpoints;

import io.kongflow.jobs.persistence.Endpoint;
import io.kongflow.jobs.problem.NotFound;
import io.kongflow.jobs.tenancy.ApiKeys;
import io.kongflow.jobs.tenancy.Caller;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

/** The caller's SDK endpoints: upsert by slug, list, look up, and delete (clear the url). */
@ApplicationScoped
public class EndpointService {

    private static final String UPSERT = """
            INSERT INTO endpoints (environment_id, project_id, organization_id, slug, url, indexing_hook_identifier)
            VALUES (:environmentId, :projectId, :organizationId, :slug, :url, :hook)
            ON CONFLICT (environment_id, slug) DO UPDATE SET url = EXCLUDED.url, updated_at = now()
            RETURNING id""";

    /** Creates the endpoint or points the existing one at a new url. */
    @WithTransaction
    public Uni<Endpoint> upsert(Caller caller, String slug, String url) {
        return Panache.getSession().chain(session -> session.createNativeQuery(UPSERT, UUID.class)
                        .setParameter("environmentId", caller.environmentId())
                        .setParameter("projectId", caller.projectId())
                        .setParameter("organizationId", caller.organizationId())
                        .setParameter("slug", slug)
                        .setParameter("url", url)
                        .setParameter("hook", ApiKeys.randomToken(8).substring(0, 10))
                        .getSingleResult()
                        .chain(id -> session.find(Endpoint.class, id).call(session::refresh)));
    }

    @WithSession
    public Uni<List<Endpoint>> list(Caller caller) {
        return Endpoint.list("environmentId = ?1 order by slug", caller.environmentId());
    }

    @WithSession
    public Uni<Endpoint> get(Caller caller, String slug) {
        return find(caller, slug);
    }

    /** Clears the url: the endpoint is no longer called, its jobs stay. */
    @WithTransaction
    public Uni<Endpoint> delete(Caller caller, String slug) {
        return find(caller, slug).invoke(endpoint -> endpoint.url = null);
    }

    /** The caller's endpoint with that slug, or a {@link NotFound} failure. */
    public Uni<Endpoint> find(Caller caller, String slug) {
        return Endpoint.<Endpoint>find("environmentId = ?1 and slug = ?2", caller.environmentId(), slug).firstResult()
                .onItem().ifNull().failWith(() -> new NotFound("Endpoint '" + slug + "'"));
    }
}
