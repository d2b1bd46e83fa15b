package io.kongflow.jobs.tenancy;

import io.kongflow.jobs.persistence.EnvironmentType;

import java.util.UUID;

/** Who is calling: the environment its API key names, and the project and organization above it. */
public record Caller(UUID organizationId, UUID projectId, UUID environmentId, EnvironmentType environmentType) {
}
