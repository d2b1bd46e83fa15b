package io.kongflow.jobs.execution;

import com.fasterxml.jackson.databind.JsonNode;
import io.kongflow.jobs.client.ExecuteAnswer;
import io.kongflow.jobs.execution.Outcome.Continue;
import io.kongflow.jobs.execution.Outcome.Finish;
import io.kongflow.jobs.execution.Outcome.TaskChange;
import io.kongflow.jobs.persistence.RunStatus;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;

/** Reads an EXECUTE_JOB answer (HTTP status and RunJobResponse body) as an {@link Outcome}. */
final class Answers {

    private Answers() {}

    /** {@code tasksBefore}: the run's tasks when the execution started (a platform timeout compares). */
    static Outcome interpret(ExecuteAnswer answer, com.fasterxml.jackson.databind.ObjectMapper json, int tasksBefore) {
        int code = answer.status();
        JsonNode body = answer.body();
        if (code < 200 || code >= 300) {
            boolean clientError = code >= 400 && code < 500 && code != 408;
            if (body != null && body.path("message").isTextual()) {
                return clientError ? new Finish(RunStatus.FAILURE, body, null) : new Outcome.EndpointDown(body);
            }
            String message = "Endpoint responded with " + code + " status code";
            if (clientError) {
                return Outcome.fail(RunStatus.FAILURE, message);
            }
            return PlatformTimeouts.detected(answer)
                    ? new Outcome.FunctionTimedOut(tasksBefore)
                    : new Outcome.EndpointDown(error(json, message));
        }
        if (body == null || !body.isObject()) {
            return Outcome.fail(RunStatus.FAILURE, "Endpoint responded with invalid JSON");
        }
        JsonNode task = body.path("task");
        Instant now = Instant.now();
        return switch (body.path("status").asText("")) {
            case "SUCCESS" -> new Finish(RunStatus.SUCCESS, body.get("output"), null);
            case "ERROR" ->
                new Finish(
                        RunStatus.FAILURE,
                        body.get("error"),
                        taskId(task) == null
                                ? null
                                : new TaskChange(taskId(task), TaskChange.Kind.ERRORED, body.get("error"), null, null));
            case "INVALID_PAYLOAD" -> new Finish(RunStatus.INVALID_PAYLOAD, body.get("errors"), null);
            case "UNRESOLVED_AUTH_ERROR" -> new Finish(RunStatus.UNRESOLVED_AUTH, body.get("issues"), null);
            case "RESUME_WITH_TASK" -> resume(task, now);
            case "RESUME_WITH_PARALLEL_TASK" ->
                body.path("childErrors").size() > 0
                        ? interpret(
                                new ExecuteAnswer(
                                        200,
                                        answer.headers(),
                                        body.path("childErrors").get(0),
                                        null),
                                json,
                                tasksBefore)
                        : new Continue(RunStatus.WAITING_TO_CONTINUE, now, null, null);
            case "RETRY_WITH_TASK" -> retry(body, task, now);
            case "CANCELED" -> new Outcome.Canceled();
            case "YIELD_EXECUTION" ->
                new Continue(RunStatus.WAITING_TO_EXECUTE, now, body.path("key").asText(), null);
            case "AUTO_YIELD_EXECUTION", "AUTO_YIELD_RATE_LIMIT" ->
                new Continue(RunStatus.WAITING_TO_EXECUTE, now, null, null);
            case "AUTO_YIELD_EXECUTION_WITH_COMPLETED_TASK" ->
                new Continue(RunStatus.WAITING_TO_EXECUTE, now, null, completed(body, json));
            default -> Outcome.fail(RunStatus.FAILURE, "Endpoint responded with an unknown answer status");
        };
    }

    private static Outcome resume(JsonNode task, Instant now) {
        // A task that ends from outside an execution — its callback (io.waitForRequest, io.waitForEvent)
        // or its background fetch (package fetches) — the run waits for: a callback's own timeout
        // bounds the wait (RunMoves reads it), a fetch's timeouts and retries bound it.
        boolean waits = task.hasNonNull("callbackUrl") || task.hasNonNull("operation");
        if (waits && taskId(task) != null) {
            return new Outcome.WaitForTask(taskId(task), null);
        }
        Instant delay = instant(task.path("delayUntil"));
        return new Continue(RunStatus.WAITING_TO_CONTINUE, delay == null ? now : delay, null, null);
    }

    private static Outcome retry(JsonNode body, JsonNode task, Instant now) {
        Instant at = instant(body.path("retryAt"));
        JsonNode error = body.path("error");
        String name = error.path("name").asText(null);
        String message = error.path("message").asText("");
        String formatted = name == null ? message : name + ": " + message;
        UUID id = taskId(task);
        Instant when = at == null ? now : at;
        return new Continue(
                RunStatus.WAITING_TO_CONTINUE,
                when,
                null,
                id == null ? null : new TaskChange(id, TaskChange.Kind.RETRY, null, formatted, when));
    }

    private static TaskChange completed(JsonNode body, com.fasterxml.jackson.databind.ObjectMapper json) {
        UUID id = uuid(body.path("id").asText(null));
        if (id == null) {
            return null;
        }
        JsonNode output = null;
        String text = body.path("output").asText("");
        if (!text.isEmpty()) {
            try {
                output = json.readTree(text);
            } catch (java.io.IOException e) {
                output = null;
            }
        }
        return new TaskChange(id, TaskChange.Kind.COMPLETED, output, null, null);
    }

    private static UUID taskId(JsonNode task) {
        return uuid(task.path("id").asText(null));
    }

    private static UUID uuid(String text) {
        try {
            return text == null ? null : UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Instant instant(JsonNode node) {
        try {
            return node.isTextual() ? Instant.parse(node.textValue()) : null;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static JsonNode error(com.fasterxml.jackson.databind.ObjectMapper json, String message) {
        return json.createObjectNode().put("message", message);
    }
}
