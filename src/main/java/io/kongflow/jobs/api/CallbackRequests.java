package io.kongflow.jobs.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kongflow.jobs.api.TaskCallbackResource.CallbackAnswer;
import io.kongflow.jobs.execution.TaskCallbacks;
import io.kongflow.jobs.problem.BadRequest;
import io.kongflow.jobs.problem.NotFound;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** A request to a callback URL, either form: its path and JSON body handed to {@link TaskCallbacks}. */
@ApplicationScoped
class CallbackRequests {

    private final TaskCallbacks callbacks;
    private final ObjectMapper json;

    CallbackRequests(TaskCallbacks callbacks, ObjectMapper json) {
        this.callbacks = callbacks;
        this.json = json;
    }

    Uni<CallbackAnswer> receive(String runId, String id, String secret, String body) {
        UUID run = runId == null ? null : uuid(runId);
        UUID task = uuid(id);
        JsonNode output = parse(body);
        return callbacks.receive(run, task, secret, output).map(ended -> new CallbackAnswer(true));
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
