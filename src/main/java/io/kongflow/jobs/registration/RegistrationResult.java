package io.kongflow.jobs.registration;

import com.fasterxml.jackson.databind.JsonNode;
import io.kongflow.jobs.persistence.AuthSource;
import io.kongflow.jobs.persistence.VersionStatus;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What one registration did. */
public record RegistrationResult(
        Outcome outcome,
        boolean modified,
        JobView job,

        @Schema(nullable = true, description = "Absent when the registration was skipped")
        VersionView version,

        @Schema(nullable = true) String latestVersion) {

    public enum Outcome {
        /** A new job or a new version. */
        CREATED,
        /** An existing version changed. */
        UPDATED,
        /** The same metadata again: nothing changed. */
        UNCHANGED,
        /** A disabled registration of a deleted job: nothing written. */
        SKIPPED;

        @com.fasterxml.jackson.annotation.JsonValue
        public String wire() {
            return name().toLowerCase();
        }
    }

    @Schema(name = "RegisteredJob")
    public record JobView(UUID id, String slug, String title, boolean internal) {}

    public record VersionView(
            UUID id,
            String version,
            VersionStatus status,
            QueueView queue,
            List<ExampleView> examples,
            List<IntegrationView> integrations) {}

    @Schema(name = "VersionQueue")
    public record QueueView(UUID id, String name, int maxJobs) {}

    public record ExampleView(
            String id,
            String name,
            @Schema(nullable = true) String icon,
            @Schema(nullable = true) JsonNode payload) {}

    public record IntegrationView(String key, String integrationSlug, AuthSource authSource) {}
}
