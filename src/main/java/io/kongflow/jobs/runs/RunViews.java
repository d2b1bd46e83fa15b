package io.kongflow.jobs.runs;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.kongflow.jobs.persistence.RunStatus;
import io.kongflow.jobs.persistence.TaskStatus;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Request and response bodies of test runs, invocations and runs. */
public final class RunViews {

    /** The largest page of runs. */
    public static final int MAX_TAKE = 50;

    private RunViews() {}

    public record TestRequest(
            @Size(max = 100) @Schema(nullable = true, description = "Default: the version latest names")
            String version,

            @Schema(
                    nullable = true,
                    description = "The test event's payload; default: the example `exampleId` names, else {}. "
                            + "String values that are exactly `__CURRENT_DATE__`, `__CURRENT_TIMESTAMP_MS__` or "
                            + "`__CURRENT_TIMESTAMP_S__` become the current time, as on trigger.dev v2's test page")
            JsonNode payload,

            @Size(max = 200) @Schema(nullable = true) String accountId,

            @Size(max = 200) @Schema(
                    nullable = true,
                    description = "Run with this example of the version (its `id` in the version's `examples`) "
                            + "as the payload, its markers filled; not together with `payload`")
            String exampleId) {}

    public record InvokeRequest(
            @Schema(nullable = true) JsonNode payload,
            @Schema(nullable = true) JsonNode context,
            @Valid @Schema(nullable = true) InvokeOptions options) {}

    public record InvokeOptions(
            @Size(max = 200) @Schema(nullable = true) String accountId,

            @Size(max = 2048) @Pattern(regexp = "^https?://\\S+$", message = "must be an absolute http(s) URL")
            @Schema(nullable = true)
            String callbackUrl) {}

    /** A run in a list (trigger.dev v2 shape). */
    public record RunSummary(
            UUID id,
            int number,
            RunStatus status,
            boolean isTest,
            @Schema(nullable = true) Instant startedAt,
            Instant updatedAt,
            @Schema(nullable = true) Instant completedAt) {}

    /** {@code nextCursor} is left out on the last page: the v2 SDK's {@code getRuns} refuses a null one. */
    public record RunPage(
            List<RunSummary> runs,

            @JsonInclude(JsonInclude.Include.NON_NULL) @Schema(nullable = true)
            String nextCursor) {}

    /** A run with its job, version, queue, event, output and tasks (in execution order). */
    public record RunDetail(
            UUID id,
            int number,
            RunStatus status,
            boolean isTest,
            boolean internal,
            boolean preprocess,
            Instant createdAt,
            @Schema(nullable = true) Instant queuedAt,
            @Schema(nullable = true) Instant startedAt,
            @Schema(nullable = true) Instant completedAt,
            Instant updatedAt,
            JobRef job,
            VersionRef version,
            QueueRef queue,
            EventView event,
            List<String> callbackUrls,

            @Schema(nullable = true, description = "What the run returned (or its error, once failed)")
            JsonNode output,

            List<RunTaskView> tasks,

            @Schema(
                    nullable = true,
                    description =
                            "The run's OpenTelemetry trace id (32 hex digits), when it was created with tracing on")
            String traceId) {}

    /** A task of a run: its attempts, times, and its output (or its error, once ERRORED). */
    public record RunTaskView(
            UUID id,
            @Schema(nullable = true) UUID parentId,
            String name,
            @Schema(nullable = true) String displayKey,
            TaskStatus status,
            boolean noop,
            int attempts,
            Instant createdAt,
            @Schema(nullable = true) Instant startedAt,
            @Schema(nullable = true) Instant completedAt,
            @Schema(nullable = true) JsonNode output,
            @Schema(nullable = true) String error) {}

    public record JobRef(UUID id, String slug) {}

    public record VersionRef(UUID id, String version) {}

    public record QueueRef(UUID id, String name) {}

    public record EventView(
            UUID id,
            String eventId,
            String name,
            String source,
            JsonNode payload,
            JsonNode context,
            Instant timestamp,
            boolean isTest) {}

    public record CancelResult(List<UUID> cancelledRunIds, List<UUID> failedToCancelRunIds) {}
}
