package io.kongflow.jobs.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.kongflow.jobs.indexing.IndexView;
import io.kongflow.jobs.persistence.Endpoint;
import io.kongflow.jobs.problem.InvalidInput;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Request and response bodies of the endpoint routes. */
public final class EndpointViews {

    private EndpointViews() {}

    /**
     * What registers an endpoint: the v2 CLI sends {@code {id, url}}; the SDK's
     * {@code ApiClient.registerEndpoint} sends {@code {url, name}}, and {@code name} is then its id.
     */
    public record CreateEndpoint(
            @Size(max = 100) @Pattern(regexp = SLUG, message = SLUG_RULE) @Schema(examples = "my-app", description = "The endpoint's id (its slug); required unless `name` is given")
            String id,

            @Size(max = 100) @Pattern(regexp = SLUG, message = SLUG_RULE) @Schema(
                    examples = "my-app",
                    description = "What the SDK's `registerEndpoint` sends instead of `id`; used as the id when "
                            + "`id` is absent")
            String name,

            @NotBlank @Size(max = 2048) @Pattern(regexp = "^https?://\\S+$", message = "must be an absolute http(s) URL")
            @Schema(examples = "https://my-app.example.com/api/trigger")
            String url) {

        private static final String SLUG = "^[a-zA-Z0-9._-]+$";
        private static final String SLUG_RULE = "must contain only letters, digits, '.', '_' or '-'";

        /** The id the endpoint is registered under, or an {@link InvalidInput} when neither is given. */
        public String endpointId() {
            String endpointId = id != null ? id : name;
            if (endpointId == null || endpointId.isBlank()) {
                throw new InvalidInput("id", "is required (or name, as the SDK's registerEndpoint sends it)");
            }
            return endpointId;
        }
    }

    /**
     * An endpoint (the trigger.dev v2 CLI reads id, slug, url, environmentId, organizationId,
     * projectId, indexingHookIdentifier); {@code endpointIndex} only in the answer that registered it.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EndpointView(
            UUID id,
            String slug,
            @Schema(nullable = true) String url,
            UUID environmentId,
            UUID organizationId,
            UUID projectId,
            String indexingHookIdentifier,
            @Schema(nullable = true) String version,
            @Schema(nullable = true) String sdkVersion,
            Instant createdAt,
            Instant updatedAt,
            @Schema(nullable = true) IndexView endpointIndex) {
        public static EndpointView of(Endpoint endpoint) {
            return of(endpoint, null);
        }

        public static EndpointView of(Endpoint endpoint, IndexView index) {
            return new EndpointView(
                    endpoint.id,
                    endpoint.slug,
                    endpoint.url,
                    endpoint.environmentId,
                    endpoint.organizationId,
                    endpoint.projectId,
                    endpoint.indexingHookIdentifier,
                    endpoint.version,
                    endpoint.sdkVersion,
                    endpoint.createdAt,
                    endpoint.updatedAt,
                    index);
        }
    }

    public record IndexRequest(
            @Size(max = 500) @Schema(nullable = true) String reason,
            @Schema(nullable = true) JsonNode data) {}
}
