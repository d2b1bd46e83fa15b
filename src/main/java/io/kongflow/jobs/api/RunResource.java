package io.kongflow.jobs.api;

import io.kongflow.jobs.runs.RunCatalog;
import io.kongflow.jobs.runs.RunViews.RunDetail;
import io.kongflow.jobs.tenancy.CurrentCaller;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Runs by id. */
@Path("/api/v1/runs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Runs")
@SecurityRequirement(name = "bearerAuth")
public class RunResource {

    private final RunCatalog runs;
    private final CurrentCaller caller;

    public RunResource(RunCatalog runs, CurrentCaller caller) {
        this.runs = runs;
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
    public Uni<RunDetail> get(@PathParam("id") UUID id) {
        return runs.get(caller.get(), id);
    }
}
