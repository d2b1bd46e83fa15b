package io.kongflow.jobs.registration;

import java.time.Instant;
import java.util.UUID;

/** An alias of a job in one environment and the version it names. */
public record AliasView(String name, String version, UUID versionId, Instant updatedAt) {}
