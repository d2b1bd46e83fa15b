package io.kongflow.jobs.endpoints;

import io.kongflow.jobs.client.EndpointCallFailed;
import io.kongflow.jobs.client.EndpointClient;
import io.kongflow.jobs.indexing.IndexQueue;
import io.kongflow.jobs.persistence.Endpoint;
import io.kongflow.jobs.persistence.EndpointIndex;
import io.kongflow.jobs.persistence.IndexSource;
import io.kongflow.jobs.persistence.Parameters;
import io.kongflow.jobs.persistence.Postgres;
import io.kongflow.jobs.persistence.RuntimeEnvironment;
import io.kongflow.jobs.persistence.Statements;
import io.kongflow.jobs.problem.BadRequest;
import io.kongflow.jobs.problem.NotFound;
import io.kongflow.jobs.tenancy.ApiKeyVault;
import io.kongflow.jobs.tenancy.ApiKeys;
import io.kongflow.jobs.tenancy.Caller;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** The caller's SDK endpoints: register (PING, upsert, queue an index), list, look up, delete. */
@ApplicationScoped
public class EndpointService {

    /** An endpoint and the index its registration queued. */
    public record Registered(Endpoint endpoint, EndpointIndex index) {}

    private static final String UPSERT = """
            INSERT INTO endpoints (environment_id, project_id, organization_id, slug, url, indexing_hook_identifier)
            VALUES (:environmentId, :projectId, :organizationId, :slug, :url, :hook)
            ON CONFLICT (environment_id, slug) DO UPDATE SET url = EXCLUDED.url, updated_at = now()
            RETURNING id""";

    private static final String CLEAR_URL = """
            UPDATE endpoints SET url = NULL, updated_at = now() WHERE environment_id = :environmentId AND slug = :slug
            RETURNING id""";

    private final EndpointClient client;
    private final ApiKeyVault vault;
    private final Postgres postgres;
    private final IndexQueue indexes;

    public EndpointService(EndpointClient client, ApiKeyVault vault, Postgres postgres, IndexQueue indexes) {
        this.client = client;
        this.vault = vault;
        this.postgres = postgres;
        this.indexes = indexes;
    }

    /**
     * PINGs the url as the caller's environment (no transaction is open meanwhile); only an endpoint
     * that answers {@code ok} is saved, and in the same transaction an INTERNAL index of it is queued.
     */
    public Uni<Registered> register(Caller caller, String slug, String url) {
        return Panache.withSession(() -> RuntimeEnvironment.<RuntimeEnvironment>findById(caller.environmentId()))
                .map(environment -> vault.decrypt(environment.apiKeyCiphertext))
                .chain(apiKey -> client.ping(url, apiKey, slug, caller.environmentType()))
                .onFailure(EndpointCallFailed.class)
                .transform(failure -> new BadRequest(failure.getMessage()))
                .chain(() -> postgres.transaction(sql -> upsert(sql, caller, slug, url)
                        .chain(endpointId -> indexes.enqueue(
                                        sql, endpointId, IndexSource.INTERNAL, "Endpoint registered", null)
                                .map(indexId -> new Saved(endpointId, indexId)))))
                .chain(saved -> Panache.withSession(() -> Endpoint.<Endpoint>findById(saved.endpointId())
                        .chain(endpoint -> EndpointIndex.<EndpointIndex>findById(saved.indexId())
                                .map(index -> new Registered(endpoint, index)))));
    }

    private record Saved(UUID endpointId, UUID indexId) {}

    /** Creates the endpoint or points the existing one at a new url. */
    private static Uni<UUID> upsert(Statements sql, Caller caller, String slug, String url) {
        Parameters parameters = Parameters.with("environmentId", caller.environmentId())
                .and("projectId", caller.projectId())
                .and("organizationId", caller.organizationId())
                .and("slug", slug)
                .and("url", url)
                .and("hook", ApiKeys.randomToken(8).substring(0, 10));
        return sql.first(UPSERT, parameters, row -> row.getUUID("id"));
    }

    @WithSession
    public Uni<List<Endpoint>> list(Caller caller) {
        return Endpoint.list("environmentId = ?1 order by slug", caller.environmentId());
    }

    @WithSession
    public Uni<Endpoint> get(Caller caller, String slug) {
        return Endpoint.<Endpoint>find("environmentId = ?1 and slug = ?2", caller.environmentId(), slug)
                .firstResult()
                .onItem()
                .ifNull()
                .failWith(() -> new NotFound("Endpoint '" + slug + "'"));
    }

    /** Clears the url (a targeted UPDATE, so that no other column is written back): its jobs stay. */
    public Uni<Endpoint> delete(Caller caller, String slug) {
        Parameters parameters =
                Parameters.with("environmentId", caller.environmentId()).and("slug", slug);
        return postgres.statements()
                .first(CLEAR_URL, parameters, row -> row.getUUID("id"))
                .onItem()
                .ifNull()
                .failWith(() -> new NotFound("Endpoint '" + slug + "'"))
                .chain(id -> Panache.withSession(() -> Endpoint.<Endpoint>findById(id)));
    }
}
