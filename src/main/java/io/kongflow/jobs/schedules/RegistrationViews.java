package io.kongflow.jobs.schedules;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Request and response bodies of the dynamic schedules' registrations (the shapes of {@code @trigger.dev/core}'s schemas). */
public final class RegistrationViews {

    /** The longest registration key or account id: the key is part of a unique index. */
    public static final int MAX_KEY = 200;

    private RegistrationViews() {}

    /** {@code RegisterScheduleBodySchema}: an interval or a cron schedule under a key of the caller's choosing. */
    public record RegisterScheduleRequest(
            @NotNull @Size(min = 1, max = MAX_KEY) @Schema(description = "The registration's key: registering it again updates it; the runs' `ctx.source.id`")
            String id,

            @NotNull @Pattern(regexp = "interval|cron") @Schema(enumeration = {"interval", "cron"})
            String type,

            @NotNull @Valid ScheduleOptions options,

            @Schema(nullable = true, description = "Any JSON; the runs' `ctx.source.metadata`")
            JsonNode metadata,

            @Size(min = 1, max = MAX_KEY) @Schema(nullable = true, description = "The external account the runs are for")
            String accountId) {}

    /** {@code IntervalOptionsSchema} or {@code CronOptionsSchema}, as {@code type} says. */
    public record ScheduleOptions(
            @Schema(nullable = true, description = "type interval: seconds between ticks, 20 to 2592000 (30 days)")
            Integer seconds,

            @Size(max = 1_000) @Schema(
                    nullable = true,
                    description = "type cron: a 5-field UNIX cron expression (or @daily, @hourly, ...), in UTC")
            String cron) {}

    /** {@code RegisterScheduleResponseBodySchema}: the registration as stored. */
    public record RegisteredSchedule(
            @Schema(description = "The registration's key") String id,
            @Schema(description = "`{type, options}`") JsonNode schedule,
            @Schema(nullable = true) JsonNode metadata,

            @Schema(description = "Whether it fires (the environment's internal sources are enabled)")
            boolean active) {}

    /** What unregistering answers, as v2. */
    public record Unregistered(boolean ok) {}
}
