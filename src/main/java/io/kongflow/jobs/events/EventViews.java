package io.kongflow.jobs.events;

import com.fasterxml.jackson.databind.JsonNode;
import io.kongflow.jobs.persistence.RunStatus;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Request and response bodies of the events API (the shapes of {@code @trigger.dev/core}'s schemas). */
public final class EventViews {

    /** The most events one bulk send takes (one transaction, one statement); it takes at least one. */
    public static final int MAX_BULK = 500;

    /** The longest event id, name or source: an id is a key of a unique index. */
    public static final int MAX_KEY = 500;

    private EventViews() {}

    /** {@code SendEventBodySchema}. */
    public record SendEventRequest(
            @NotNull @Valid RawEvent event,
            @Valid @Schema(nullable = true) SendOptions options) {}

    /** {@code SendBulkEventsBodySchema}. */
    public record SendBulkRequest(
            @NotNull @Size(min = 1, max = MAX_BULK) List<@NotNull @Valid RawEvent> events,
            @Valid @Schema(nullable = true) SendOptions options) {}

    /** {@code RawEventSchema}. */
    public record RawEvent(
            @NotNull @Size(min = 1, max = MAX_KEY) @Schema(description = "Matched against the jobs' event triggers")
            String name,

            @Schema(nullable = true, description = "Any JSON; default {}")
            JsonNode payload,

            @Schema(nullable = true, description = "Any JSON; default {}")
            JsonNode context,

            @Size(min = 1, max = MAX_KEY) @Schema(
                    nullable = true,
                    description = "Unique in the environment: a repeat answers the stored event and starts "
                            + "nothing. Default: made by the service")
            String id,

            @Schema(nullable = true, description = "Default: now")
            Instant timestamp,

            @Size(min = 1, max = MAX_KEY) @Schema(nullable = true, description = "Default: trigger.dev")
            String source,

            @Schema(
                    nullable = true,
                    enumeration = {"JSON"},
                    description = "JSON only: REQUEST payloads are refused")
            String payloadType) {}

    /** {@code SendEventOptionsSchema}. */
    public record SendOptions(
            @Schema(nullable = true, description = "Deliver at this time (wins over deliverAfter)")
            Instant deliverAt,

            @Schema(nullable = true, description = "Deliver after this many seconds")
            Long deliverAfter,

            @Size(max = 200) @Schema(nullable = true, description = "The external account the event is for")
            String accountId) {}

    /** {@code ApiEventLogSchema}: an event as stored. */
    public record ApiEventLog(
            String id,
            String name,
            JsonNode payload,
            @Schema(nullable = true) JsonNode context,
            Instant timestamp,

            @Schema(nullable = true, description = "When it is (or was) to be delivered")
            Instant deliverAt,

            @Schema(nullable = true, description = "When it was delivered; null until then")
            Instant deliveredAt,

            @Schema(nullable = true, description = "When it was cancelled; never delivered then")
            Instant cancelledAt) {}

    /** {@code GetEventSchema}: an event with the runs it started. */
    public record EventDetail(String id, String name, Instant createdAt, Instant updatedAt, List<EventRun> runs) {}

    /** A run an event started. */
    public record EventRun(
            UUID id,
            RunStatus status,
            @Schema(nullable = true) Instant startedAt,
            @Schema(nullable = true) Instant completedAt) {}
}
