package io.kongflow.jobs.api;

import io.kongflow.jobs.execution.RunStateService;
import io.kongflow.jobs.execution.RunStateViews.RunState;
import io.kongflow.jobs.runs.RunCatalog;
import io.kongflow.jobs.runs.RunViews.RunDetail;
import io.kongflow.jobs.tenancy.CurrentCaller;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Runs by id. */
@Path("/api/v1/runs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Runs")
@SecurityRequirement(name = "bearerAuth")
public class RunResource {

    private final RunCatalog runs;
    private final RunStateService states;
    private final CurrentCaller caller;

    public RunResource(RunCatalog runs, RunStateService states, CurrentCaller caller) {
        this.runs = runs;
        this.states = states;
        this.caller = caller;
    }

    @GET
    @Path("/{id}")
    @SecurityRequirement(name = "bearerAuth", scopes = "read")
    @Operation(
            operationId = "getRun",
            summary = "Get a run with its version, queue and event",
            description =
                    "One run of the caller's environment with its job, version, queue, event (payload and context) "
                            + "and callback URLs.")
    public Uni<RunDetail> get(@Parameter(description = ApiParameters.RUN_ID) @PathParam("id") UUID id) {
        return runs.get(caller.get(), id);
    }

    @POST
    @Path("/{id}/cancel")
    @SecurityRequirement(name = "bearerAuth", scopes = "write")
    @Operation(
            operationId = "cancelRun",
            summary = "Cancel a run (SDK cancelRun)",
            description =
                    "An unfinished run becomes CANCELED with its open tasks; the answer of an execution in flight "
                            + "is ignored. A finished run is left as it is. Answers the run as getRun does.")
    public Uni<RunState> cancel(@Parameter(description = ApiParameters.RUN_ID) @PathParam("id") UUID id) {
        return states.cancel(caller.get(), id);
    }
}
