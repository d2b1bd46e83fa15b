package io.kongflow.jobs.api;

import io.kongflow.jobs.execution.RunStates;
import io.kongflow.jobs.execution.RunStates.RunState;
import io.kongflow.jobs.tenancy.CurrentCaller;
import io.smallrye.mutiny.Uni;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The SDK client's run calls: getRun (with tasks) and cancelRun. */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Runs")
@SecurityRequirement(name = "bearerAuth")
public class RunStateResource {

    private final RunStates runs;
    private final CurrentCaller caller;

    public RunStateResource(RunStates runs, CurrentCaller caller) {
        this.runs = runs;
        this.caller = caller;
    }

    @GET
    @Path("/v2/runs/{id}")
    @SecurityRequirement(name = "bearerAuth", scopes = "read")
    @Operation(
            operationId = "getRunState",
            summary = "Get a run with its tasks (SDK getRun)",
            description =
                    "The run's status, times, output and top-level tasks in execution order, a page of `take` "
                            + "(default 20, clamped to 50) from `cursor` (a task id, inclusive); `nextCursor` names the next page.")
    public Uni<RunState> get(
            @PathParam("id") UUID id, @QueryParam("cursor") String cursor, @QueryParam("take") @Min(1) Integer take) {
        return runs.get(caller.get(), id, cursor, take);
    }

    @POST
    @Path("/v1/runs/{id}/cancel")
    @SecurityRequirement(name = "bearerAuth", scopes = "write")
    @Operation(
            operationId = "cancelRun",
            summary = "Cancel a run (SDK cancelRun)",
            description =
                    "An unfinished run becomes CANCELED with its open tasks; the answer of an execution in flight "
                            + "is ignored. A finished run is left as it is. Answers the run as getRun does.")
    public Uni<RunState> cancel(@PathParam("id") UUID id) {
        return runs.cancel(caller.get(), id);
    }
}
