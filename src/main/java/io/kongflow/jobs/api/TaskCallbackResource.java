package io.kongflow.jobs.api;

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

/**
 * A task's callback URL (io.waitForRequest, io.waitForEvent; the run form is
 * {@link RunTaskCallbackResource}): the first POST
 * completes the task with its JSON body and resumes the run; a repeat answers the same and changes
 * nothing. No API key: the URL's secret is the credential.
 */
@Path("/api/v1/tasks/{id}/callback/{secret}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
@Tag(name = "Tasks")
public class TaskCallbackResource {

    /** v2's answer to a callback request. */
    public record CallbackAnswer(boolean success) {}

    static final String DESCRIPTION =
            "The `callbackUrl` of a task created with `callback.enabled` (io.waitForRequest, io.waitForEvent). "
                    + "Needs no API key: the URL's secret is the credential. The body is any JSON value, at most "
                    + "`kongflow.http.max-body-size` (1 MiB), whatever its Content-Type; the first request "
                    + "completes the task with it as its output and resumes the run. A request after the task "
                    + "ended (completed, timed out, cancelled) answers the same and changes nothing. A wrong "
                    + "secret or an unknown task answers 404.";

    private final CallbackRequests requests;

    public TaskCallbackResource(CallbackRequests requests) {
        this.requests = requests;
    }

    @POST
    @NoApiKey
    @SecurityRequirements
    @Operation(
            operationId = "taskCallback",
            summary = "Complete a waiting task (its callback URL)",
            description = DESCRIPTION)
    public Uni<CallbackAnswer> callback(
            @Parameter(description = ApiParameters.TASK_ID) @PathParam("id") String id,
            @Parameter(description = ApiParameters.CALLBACK_SECRET) @PathParam("secret") String secret,
            @RequestBody(description = "Any JSON value") String body) {
        return requests.receive(null, id, secret, body);
    }
}
