package io.kongflow.jobs.api;

import io.kongflow.jobs.api.TaskCallbackResource.CallbackAnswer;
import io.kongflow.jobs.tenancy.NoApiKey;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirements;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The run form of a task's callback URL (v2 served both): as {@link TaskCallbackResource}, for a task of that run. */
@Path("/api/v1/runs/{runId}/tasks/{id}/callback/{secret}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
@Tag(name = "Tasks")
public class RunTaskCallbackResource {

    private final CallbackRequests requests;

    public RunTaskCallbackResource(CallbackRequests requests) {
        this.requests = requests;
    }

    @POST
    @NoApiKey
    @SecurityRequirements
    @Operation(
            operationId = "runTaskCallback",
            summary = "Complete a waiting task of a run (its callback URL, run form)",
            description = TaskCallbackResource.DESCRIPTION)
    public Uni<CallbackAnswer> callback(
            @Parameter(description = ApiParameters.RUN_ID) @PathParam("runId") String runId,
            @Parameter(description = ApiParameters.TASK_ID) @PathParam("id") String id,
            @Parameter(description = ApiParameters.CALLBACK_SECRET) @PathParam("secret") String secret,
            @RequestBody(description = "Any JSON value") String body) {
        return requests.receive(runId, id, secret, body);
    }
}
