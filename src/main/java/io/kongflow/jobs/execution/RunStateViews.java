package io.kongflow.jobs.execution;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** The records of the SDK's getRun and cancelRun ({@link RunStateService}), as they go on the wire. */
public final class RunStateViews {

    private RunStateViews() {}

    /** The SDK's GetRunSchema. */
    public record RunState(
            String id,
            String status,
            String startedAt,
            String updatedAt,
            String completedAt,
            @JsonInclude(JsonInclude.Include.NON_NULL) JsonNode output,
            List<RunTask> tasks,
            List<StatusViews.StatusRecord> statuses,
            @JsonInclude(JsonInclude.Include.NON_NULL) String nextCursor) {}

    /**
     * The SDK's RunTaskSchema; with taskdetails {@code params} and {@code output} (as v2) and, when the
     * task has them, {@code properties} and {@code error}; {@code subtasks} with subtasks, on a task
     * that has children on the page (as v2's taskListToTree).
     */
    public record RunTask(
            String id,
            String displayKey,
            String status,
            String name,
            String icon,
            String startedAt,
            String completedAt,
            @JsonInclude(JsonInclude.Include.NON_NULL) JsonNode params,
            @JsonInclude(JsonInclude.Include.NON_NULL) JsonNode output,
            @JsonInclude(JsonInclude.Include.NON_NULL) JsonNode properties,
            @JsonInclude(JsonInclude.Include.NON_NULL) String error,
            @JsonInclude(JsonInclude.Include.NON_NULL) List<RunTask> subtasks) {}

    /** What a page of tasks shows besides the basics. */
    public record TaskOptions(boolean subtasks, boolean details) {
        public static final TaskOptions NONE = new TaskOptions(false, false);
    }
}
