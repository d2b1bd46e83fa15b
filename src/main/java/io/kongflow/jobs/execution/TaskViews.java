package io.kongflow.jobs.execution;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The tasks API's bodies and answers, in the shapes of the trigger.dev v2 SDK. */
public final class TaskViews {

    private TaskViews() {}

    /** A task as the SDK's ServerTask schema reads it; {@code output} is absent while undefined. */
    @Schema(name = "ServerTask")
    public record ServerTask(
            String id,
            String name,
            String icon,
            boolean noop,
            String startedAt,
            String completedAt,
            String delayUntil,
            String status,
            String description,
            JsonNode properties,
            JsonNode outputProperties,
            JsonNode params,
            @JsonInclude(JsonInclude.Include.NON_NULL) JsonNode output,
            String error,
            String parentId,
            JsonNode style,
            String operation,
            String callbackUrl,
            String childExecutionMode,
            String idempotencyKey,
            int attempts,
            boolean forceYield) {}

    /** The task the SDK's runTask asks for (RunTaskBodyInput). */
    public record RunTaskRequest(
            @NotNull @Size(min = 1, max = 200) String idempotencyKey,
            @Size(max = 1000) String displayKey,
            Boolean noop,
            @Size(max = 1000) String name,
            @Size(max = 200) String icon,
            @Size(max = 10000) String description,
            JsonNode params,
            List<JsonNode> properties,
            JsonNode style,
            @Schema(format = "date-time") String delayUntil,
            JsonNode retry,
            @Valid Callback callback,
            String connectionKey,

            @Pattern(regexp = "fetch|fetch-response|fetch-poll") String operation,

            JsonNode redact,
            Boolean parallel,
            String parentId) {}

    /** A callback the task waits for. */
    public record Callback(@NotNull Boolean enabled, Integer timeoutInSeconds) {}

    /** The versioned answer to a runTask (Trigger-Version 2023-09-29). */
    public record RunTaskAnswer(
            ServerTask task,
            @JsonInclude(JsonInclude.Include.NON_NULL) CachedTasks cachedTasks) {}

    /** The next page of the run's completed tasks for the SDK's cache. */
    public record CachedTasks(
            List<JsonNode> tasks,
            @JsonInclude(JsonInclude.Include.NON_NULL) String cursor) {}

    /** How a task failed. */
    public record TaskError(@NotNull @Size(max = 100000) String message, String name, String stack) {}

    /** The body of a failTask. */
    public record FailTaskRequest(@NotNull @Valid TaskError error) {}

    /** A runTask answer: the task, and whether the caller asked for the versioned shape. */
    public record Created(ServerTask task, CachedTasks cachedTasks, boolean versioned) {}
}
