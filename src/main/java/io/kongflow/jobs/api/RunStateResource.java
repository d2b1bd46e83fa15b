package io.kongflow.jobs.api;

import io.kongflow.jobs.execution.RunStates;
import io.kongflow.jobs.execution.RunStates.RunState;
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
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The SDK client's getRun: a run with its tasks. */
@Path("/api/v2/runs")
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
    @Path("/{id}")
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
}
