package io.kongflow.jobs.tenancy;

import io.kongflow.jobs.persistence.RuntimeEnvironment;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Resolves an API key to the caller it names. */
@ApplicationScoped
public class EnvironmentKeys {

    /** The caller of that key, or a null item when no environment has it. */
    @WithSession
    public Uni<Caller> callerOf(String apiKey) {
        return RuntimeEnvironment.<RuntimeEnvironment>find("apiKeyHash", ApiKeys.hash(apiKey)).firstResult()
                .map(environment -> environment == null ? null : new Caller(environment.organizationId,
                        environment.projectId, environment.id, environment.type));
    }
}
