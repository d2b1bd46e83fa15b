package io.kongflow.jobs.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.kongflow.jobs.execution.RunTasks;
import io.kongflow.jobs.execution.TaskCompletion;
import io.kongflow.jobs.execution.TaskViews.FailTaskRequest;
import io.kongflow.jobs.execution.TaskViews.RunTaskAnswer;
import io.kongflow.jobs.execution.TaskViews.RunTaskRequest;
import io.kongflow.jobs.execution.TaskViews.ServerTask;
import io.kongflow.jobs.problem.BadRequest;
import io.kongflow.jobs.tenancy.CurrentCaller;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

/** The tasks API the SDK calls from inside a run (runTask, completeTask, failTask). */
@Path("/api/v1/runs/{runId}/tasks")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Tasks")
@SecurityRequirement(name = "bearerAuth")
public class RunTaskResource {

    private final RunTasks tasks;
    private final TaskCompletion completion;
    private final CurrentCaller caller;

    public RunTaskResource(RunTasks tasks, TaskCompletion completion, CurrentCaller caller) {
        this.tasks = tasks;
        this.completion = completion;
        this.caller = caller;
    }

    @POST
    @SecurityRequirement(name = "bearerAuth", scopes = "write")
    @Operation(
            operationId = "runTask",
            summary = "Create (or get) a task of a run",
            description = "Idempotent per run and `Idempotency-Key` (the header, else the body's `idempotencyKey`, "
                    + "which the SDK sends equal): a repeat answers the stored task unchanged. A new "
                    + "task is CANCELED when the run is finished, WAITING while `delayUntil` is ahead, COMPLETED "
                    + "when `noop`, else RUNNING. A task with `callback.enabled` (io.waitForRequest, io.waitForEvent) is WAITING "
                    + "with a `callbackUrl` whose first POST completes it (`callback.timeoutInSeconds` > 0 fails it "
                    + "after that long). With `Trigger-Version: 2023-09-29` the answer is "
                    + "`{task, cachedTasks?}` with that response header; without it, the bare task.")
    @APIResponse(
            responseCode = "200",
            description = "The task",
            content = @Content(schema = @Schema(oneOf = {RunTaskAnswer.class, ServerTask.class})))
    public Uni<RestResponse<Object>> create(
            @Parameter(description = ApiParameters.RUN_ID) @PathParam("runId") UUID runId,
            @HeaderParam("Idempotency-Key") String idempotencyKey,
            @HeaderParam("X-Cached-Tasks-Cursor") String cursor,
            @HeaderParam("Trigger-Version") String version,
            @Valid RunTaskRequest request) {
        if (request == null) {
            throw new BadRequest("A task body is required");
        }
        return tasks.create(caller.get(), runId, idempotencyKey, cursor, version, request)
                .map(created -> created.versioned()
                        ? RestResponse.ResponseBuilder.ok(
                                        (Object) new RunTaskAnswer(created.task(), created.cachedTasks()))
                                .header("trigger-version", version)
                                .build()
                        : RestResponse.ok((Object) created.task()));
    }

    @POST
    @Path("/{taskId}/complete")
    @SecurityRequirement(name = "bearerAuth", scopes = "write")
    @Operation(
            operationId = "completeTask",
            summary = "Complete a task",
            description = "The task becomes COMPLETED with the output (JSON text with `Trigger-Version: 2023-11-01`, "
                    + "raw JSON without; at most 3 MB). A finished task answers unchanged.")
    public Uni<ServerTask> complete(
            @Parameter(description = ApiParameters.RUN_ID) @PathParam("runId") UUID runId,
            @Parameter(description = ApiParameters.TASK_ID) @PathParam("taskId") UUID taskId,
            @HeaderParam("Trigger-Version") String version,
            @Schema(implementation = Object.class) JsonNode body) {
        return completion.complete(caller.get(), runId, taskId, version, body);
    }

    @POST
    @Path("/{taskId}/fail")
    @SecurityRequirement(name = "bearerAuth", scopes = "write")
    @Operation(
            operationId = "failTask",
            summary = "Fail a task",
            description = "The task becomes ERRORED with the error as its output. A finished task answers unchanged.")
    public Uni<ServerTask> fail(
            @Parameter(description = ApiParameters.RUN_ID) @PathParam("runId") UUID runId,
            @Parameter(description = ApiParameters.TASK_ID) @PathParam("taskId") UUID taskId,
            @Valid FailTaskRequest request) {
        if (request == null) {
            throw new BadRequest("An error body is required");
        }
        return completion.fail(caller.get(), runId, taskId, request);
    }
}
