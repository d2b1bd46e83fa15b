package io.kongflow.jobs.endpoints;

import io.kongflow.jobs.client.EndpointCallFailed;
import io.kongflow.jobs.client.EndpointClient;
import io.kongflow.jobs.indexing.IndexQueue;
import io.kongflow.jobs.persistence.Endpoint;
import io.kongflow.jobs.persistence.EndpointIndex;
import io.kongflow.jobs.persistence.IndexSource;
import io.kongflow.jobs.persistence.NativeSql;
import io.kongflow.jobs.persistence.RuntimeEnvironment;
import io.kongflow.jobs.problem.BadRequest;
import io.kongflow.jobs.problem.NotFound;
import io.kongflow.jobs.tenancy.ApiKeyVault;
import io.kongflow.jobs.tenancy.ApiKeys;
import io.kongflow.jobs.tenancy.Caller;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The caller's SDK endpoints: register (PING, upsert, queue an index), list, look up, delete. */
@ApplicationScoped
public class EndpointService {

    /** An endpoint and the index its registration queued. */
    public record Registered(Endpoint endpoint, EndpointIndex index) {}

    private final EndpointClient client;
    private final ApiKeyVault vault;
    private final IndexQueue indexes;

    public EndpointService(EndpointClient client, ApiKeyVault vault, IndexQueue indexes) {
        this.client = client;
        this.vault = vault;
        this.indexes = indexes;
    }

    /**
     * PINGs the url as the caller's environment (no transaction is open meanwhile); only an endpoint
     * that answers {@code ok} is saved, and an INTERNAL index of it is queued.
     */
    public Uni<Registered> register(Caller caller, String slug, String url) {
        return Panache.withSession(() -> RuntimeEnvironment.<RuntimeEnvironment>findById(caller.environmentId()))
                .map(environment -> vault.decrypt(environment.apiKeyCiphertext))
                .chain(apiKey -> client.ping(url, apiKey, slug, caller.environmentType()))
                .onFailure(EndpointCallFailed.class)
                .transform(failure -> new BadRequest(failure.getMessage()))
                .chain(() -> upsert(caller, slug, url))
                .chain(endpoint -> indexes.enqueue(endpoint.id, IndexSource.INTERNAL, "Endpoint registered", null)
                        .map(index -> new Registered(endpoint, index)));
    }

    private static final String UPSERT = """
            INSERT INTO endpoints (environment_id, project_id, organization_id, slug, url, indexing_hook_identifier)
            VALUES (:environmentId, :projectId, :organizationId, :slug, :url, :hook)
            ON CONFLICT (environment_id, slug) DO UPDATE SET url = EXCLUDED.url, updated_at = now()
            RETURNING id""";

    /** Creates the endpoint or points the existing one at a new url. */
    @WithTransaction
    Uni<Endpoint> upsert(Caller caller, String slug, String url) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(UPSERT, UUID.class)
                        .setParameter("environmentId", caller.environmentId())
                        .setParameter("projectId", caller.projectId())
                        .setParameter("organizationId", caller.organizationId())
                        .setParameter("slug", slug)
                        .setParameter("url", url)
                        .setParameter("hook", ApiKeys.randomToken(8).substring(0, 10))
                        .getSingleResult()
                        .chain(id -> session.find(Endpoint.class, id)));
    }

    @WithSession
    public Uni<List<Endpoint>> list(Caller caller) {
        return Endpoint.list("environmentId = ?1 order by slug", caller.environmentId());
    }

    @WithSession
    public Uni<Endpoint> get(Caller caller, String slug) {
        return find(caller, slug);
    }

    /** Clears the url (a targeted UPDATE, so that no other column is written back): its jobs stay. */
    @WithTransaction
    public Uni<Endpoint> delete(Caller caller, String slug) {
        return NativeSql.column(CLEAR_URL, UUID.class, Map.of("environmentId", caller.environmentId(), "slug", slug))
                .chain(ids -> ids.isEmpty()
                        ? Uni.createFrom().failure(new NotFound("Endpoint '" + slug + "'"))
                        : Panache.getSession().chain(session -> session.find(Endpoint.class, ids.get(0))));
    }

    private static final String CLEAR_URL = """
            UPDATE endpoints SET url = NULL, updated_at = now() WHERE environment_id = :environmentId AND slug = :slug
            RETURNING id""";

    /** The caller's endpoint with that slug, or a {@link NotFound} failure. */
    public Uni<Endpoint> find(Caller caller, String slug) {
        return Endpoint.<Endpoint>find("environmentId = ?1 and slug = ?2", caller.environmentId(), slug)
                .firstResult()
                .onItem()
                .ifNull()
                .failWith(() -> new NotFound("Endpoint '" + slug + "'"));
    }
}
