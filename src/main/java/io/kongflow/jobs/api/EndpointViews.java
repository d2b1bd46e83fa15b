package io.kongflow.jobs.api;

import io.kongflow.jobs.persistence.Endpoint;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.UUID;

/** Request and response bodies of the endpoint routes. */
public final class EndpointViews {

    private EndpointViews() {
    }

    /** What the trigger.dev v2 CLI sends to register its endpoint. */
    public record CreateEndpoint(
            @NotBlank @Size(max = 100) @Pattern(regexp = "^[a-zA-Z0-9._-]+$", message = "must contain only letters, digits, '.', '_' or '-'")
            @Schema(examples = "my-app") String id,
            @NotBlank @Size(max = 2048) @Pattern(regexp = "^https?://\\S+$", message = "must be an absolute http(s) URL")
            @Schema(examples = "https://my-app.example.com/api/trigger") String url) {
    }

    public record EndpointView(UUID id, String slug, @Schema(nullable = true) String url, UUID environmentId,
                               String indexingHookIdentifier, @Schema(nullable = true) String version,
                               @Schema(nullable = true) String sdkVersion, Instant createdAt, Instant updatedAt) {
        public static EndpointView of(Endpoint endpoint) {
            return new EndpointView(endpoint.id, endpoint.slug, endpoint.url, endpoint.environmentId,
                    endpoint.indexingHookIdentifier, endpoint.version, endpoint.sdkVersion, endpoint.createdAt,
                    endpoint.updatedAt);
        }
    }
}
