package io.kongflow.jobs.indexing;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.kongflow.jobs.persistence.EndpointIndex;
import io.kongflow.jobs.persistence.IndexSource;
import io.kongflow.jobs.persistence.IndexStatus;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An endpoint index as the API shows it: {@code stats} once it succeeded, {@code error} when it failed. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IndexView(
        UUID id,
        UUID endpointId,
        IndexStatus status,
        IndexSource source,
        @Schema(nullable = true) String reason,
        @Schema(nullable = true) JsonNode stats,
        @Schema(nullable = true) JsonNode error,
        Instant createdAt,
        Instant updatedAt) {

    public static IndexView of(EndpointIndex index) {
        return new IndexView(
                index.id,
                index.endpointId,
                index.status,
                index.source,
                index.reason,
                index.stats,
                index.error,
                index.createdAt,
                index.updatedAt);
    }
}
