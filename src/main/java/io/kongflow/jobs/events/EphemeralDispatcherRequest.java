package io.kongflow.jobs.events;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** {@code EphemeralEventDispatcherRequestBodySchema}: what io.waitForEvent asks for. */
public record EphemeralDispatcherRequest(
        @NotNull @Size(max = 2000) @Schema(description = "The waiting task's `callbackUrl`")
        String url,

        @NotNull @Schema(description = "An event name, or a list of them")
        JsonNode name,

        @Size(min = 1, max = EventViews.MAX_KEY) @Schema(description = "The events' source; default `trigger.dev`")
        String source,

        @Schema(description = "Payload filter (EventFilter)")
        JsonNode filter,

        @Schema(description = "Context filter (EventFilter)")
        JsonNode contextFilter,

        @Size(max = EventViews.MAX_KEY) @Schema(description = "Accepted; as in v2, it does not restrict the events")
        String accountId,

        @Min(10) @Max(MAX_TIMEOUT) @Schema(description = "Seconds the dispatcher waits; default 3600")
        Integer timeoutInSeconds) {

    static final int DEFAULT_TIMEOUT = 3600;
    static final int MAX_TIMEOUT = 60 * 60 * 24 * 365;

    /** The answer: the dispatcher's id. */
    @Schema(name = "EphemeralDispatcherCreated")
    public record Created(String id) {}
}
