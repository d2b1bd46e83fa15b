package io.kongflow.jobs.api;

import io.kongflow.jobs.execution.RunStatusRecords;
import io.kongflow.jobs.execution.StatusViews.StatusRecord;
import io.kongflow.jobs.execution.StatusViews.StatusUpdate;
import io.kongflow.jobs.problem.BadRequest;
import io.kongflow.jobs.tenancy.CurrentCaller;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The statuses a run reports about itself (the SDK's io.createStatus and status.update). */
@Path("/api/v1/runs/{runId}/statuses")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Runs")
@SecurityRequirement(name = "bearerAuth")
public class RunStatusResource {

    private final RunStatusRecords statuses;
    private final CurrentCaller caller;

    public RunStatusResource(RunStatusRecords statuses, CurrentCaller caller) {
        this.statuses = statuses;
        this.caller = caller;
    }

    @PUT
    @Path("/{id}")
    @SecurityRequirement(name = "bearerAuth", scopes = "write")
    @Operation(
            operationId = "updateRunStatus",
            summary = "Create or update a run status (SDK updateStatus)",
            description = "Created with `label` defaulting to the key; an update pushes the previous label, state and "
                    + "data onto `history`, then changes only the fields given. `data` must be an object.")
    public Uni<StatusRecord> update(
            @Parameter(description = ApiParameters.RUN_ID) @PathParam("runId") UUID runId,
            @Parameter(description = ApiParameters.STATUS_KEY) @PathParam("id") String id,
            @Valid StatusUpdate update) {
        if (update == null) {
            throw new BadRequest("A status body is required");
        }
        return statuses.update(caller.get(), runId, id, update);
    }
}
