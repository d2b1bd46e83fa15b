package io.kongflow.jobs.api;

import io.kongflow.jobs.execution.RunStateService;
import io.kongflow.jobs.execution.RunStateViews.RunState;
import io.kongflow.jobs.execution.RunStateViews.TaskOptions;
import io.kongflow.jobs.execution.RunStatusRecords;
import io.kongflow.jobs.execution.StatusViews.RunStatuses;
import io.kongflow.jobs.tenancy.CurrentCaller;
import io.smallrye.mutiny.Uni;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The SDK client's getRun and getRunStatuses: a run with its tasks and statuses. */
@Path("/api/v2/runs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Runs")
@SecurityRequirement(name = "bearerAuth")
public class RunStateResource {

    private final RunStateService runs;
    private final RunStatusRecords statuses;
    private final CurrentCaller caller;

    public RunStateResource(RunStateService runs, RunStatusRecords statuses, CurrentCaller caller) {
        this.runs = runs;
        this.statuses = statuses;
        this.caller = caller;
    }

    @GET
    @Path("/{id}")
    @SecurityRequirement(name = "bearerAuth", scopes = "read")
    @Operation(
            operationId = "getRunState",
            summary = "Get a run with its tasks and statuses (SDK getRun)",
            description =
                    "The run's status, times, output, statuses (oldest first) and top-level tasks in execution order, a "
                            + "page of `take` (default 20, clamped to 50) from `cursor` (a task id, inclusive); "
                            + "`nextCursor` names the next page. `subtasks=true` pages through every task and nests each "
                            + "under its parent (`subtasks`, on tasks with children on the page); `taskdetails=true` adds each "
                            + "task's `params` and `output`, and its `properties` and `error` when it has them.")
    public Uni<RunState> get(
            @Parameter(description = ApiParameters.RUN_ID) @PathParam("id") UUID id,
            @QueryParam("cursor") String cursor,
            @QueryParam("take") @Min(1) Integer take,
            @QueryParam("subtasks") Boolean subtasks,
            @QueryParam("taskdetails") Boolean taskDetails) {
        return runs.get(
                caller.get(),
                id,
                cursor,
                take,
                new TaskOptions(Boolean.TRUE.equals(subtasks), Boolean.TRUE.equals(taskDetails)));
    }

    @GET
    @Path("/{runId}/statuses")
    @SecurityRequirement(name = "bearerAuth", scopes = "read")
    @Operation(
            operationId = "getRunStatuses",
            summary = "Get a run's statuses (SDK getRunStatuses)",
            description = "The run's id, status and output, and its statuses (io.createStatus), oldest first.")
    public Uni<RunStatuses> statuses(@Parameter(description = ApiParameters.RUN_ID) @PathParam("runId") UUID runId) {
        return statuses.list(caller.get(), runId);
    }
}
