package io.kongflow.jobs.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kongflow.jobs.execution.TaskCallbacks;
import io.kongflow.jobs.problem.BadRequest;
import io.kongflow.jobs.problem.NotFound;
import io.kongflow.jobs.tenancy.NoApiKey;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirements;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * A task's callback URL (io.waitForRequest, io.waitForEvent), in both v2 forms: the first POST
 * completes the task with its JSON body and resumes the run; a repeat answers the same and changes
 * nothing. No API key: the URL's secret is the credential.
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
@Tag(name = "Tasks")
public class TaskCallbackResource {

    /** v2's answer to a callback request. */
    public record CallbackAnswer(boolean success) {}

    private static final String DESCRIPTION =
            "The `callbackUrl` of a task created with `callback.enabled` (io.waitForRequest, io.waitForEvent). "
                    + "Needs no API key: the URL's secret is the credential. The body is any JSON value, at most "
                    + "`quarkus.http.limits.max-body-size` (1 MiB), whatever its Content-Type; the first request "
                    + "completes the task with it as its output and resumes the run. A request after the task "
                    + "ended (completed, timed out, cancelled) answers the same and changes nothing. A wrong "
                    + "secret or an unknown task answers 404.";

    private final TaskCallbacks callbacks;
    private final ObjectMapper json;

    public TaskCallbackResource(TaskCallbacks callbacks, ObjectMapper json) {
        this.callbacks = callbacks;
        this.json = json;
    }

    @POST
    @Path("tasks/{id}/callback/{secret}")
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
        return receive(null, id, secret, body);
    }

    @POST
    @Path("runs/{runId}/tasks/{id}/callback/{secret}")
    @NoApiKey
    @SecurityRequirements
    @Operation(
            operationId = "runTaskCallback",
            summary = "Complete a waiting task of a run (its callback URL, run form)",
            description = DESCRIPTION)
    public Uni<CallbackAnswer> runCallback(
            @Parameter(description = ApiParameters.RUN_ID) @PathParam("runId") String runId,
            @Parameter(description = ApiParameters.TASK_ID) @PathParam("id") String id,
            @Parameter(description = ApiParameters.CALLBACK_SECRET) @PathParam("secret") String secret,
            @RequestBody(description = "Any JSON value") String body) {
        UUID run = uuid(runId);
        return receive(run, id, secret, body);
    }

    private Uni<CallbackAnswer> receive(UUID runId, String id, String secret, String body) {
        UUID task = uuid(id);
        JsonNode output = parse(body);
        return callbacks.receive(runId, task, secret, output).map(ended -> new CallbackAnswer(true));
    }

    private JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            throw new BadRequest("The body must be a JSON value: it becomes the task's output");
        }
        try {
            return json.reader()
                    .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .readTree(body);
        } catch (JsonProcessingException e) {
            throw new BadRequest("The body must be a JSON value: it becomes the task's output");
        }
    }

    private static UUID uuid(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw new NotFound("Task callback");
        }
    }
}
