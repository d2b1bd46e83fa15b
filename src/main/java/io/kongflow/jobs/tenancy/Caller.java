package io.kongflow.jobs.tenancy;

import io.kongflow.jobs.persistence.EnvironmentType;
import java.util.Set;
import java.util.UUID;

/**
 * Who is calling: the environment its API key names, the project and organization above it, and
 * what the key may do.
 */
public record Caller(
        UUID organizationId, UUID projectId, UUID environmentId, EnvironmentType environmentType, Set<Scope> scopes) {

    /** The service itself acting for an environment (indexing): every scope. */
    public static Caller internal(UUID organizationId, UUID projectId, UUID environmentId, EnvironmentType type) {
        return new Caller(organizationId, projectId, environmentId, type, Scope.ALL);
    }

    public boolean may(Scope scope) {
        return scopes.contains(scope);
    }
}
