package io.kongflow.jobs.fetches;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Instant;

/**
 * What one attempt of a fetch leads to: its task completes with an output, errors with an output
 * (v2's error shape) and message, is tried again at a time (a retry, recorded as a new attempt, or
 * a poll's next request), or is dropped (the task ended meanwhile). A poll's request is kept as a
 * "poll attempt" subtask, as v2 shows it.
 */
record FetchOutcome(Kind kind, JsonNode output, String error, Instant at, PollAttempt poll) {

    enum Kind {
        COMPLETE,
        FAIL,
        RETRY,
        POLL_AGAIN,
        DROP
    }

    /** One request of a poll: its line ("GET url 200") and what came back. */
    record PollAttempt(String description, JsonNode params, Instant startedAt) {}

    static FetchOutcome complete(JsonNode output, PollAttempt poll) {
        return new FetchOutcome(Kind.COMPLETE, output, null, null, poll);
    }

    /** Errored with {@code output}; its message is formatted as v2's formatUnknownError does. */
    static FetchOutcome fail(JsonNode output) {
        return new FetchOutcome(Kind.FAIL, output, formatted(output), null, null);
    }

    static FetchOutcome fail(String message) {
        return fail(JsonNodeFactory.instance.objectNode().put("message", message));
    }

    static FetchOutcome retry(Instant at, String error) {
        return new FetchOutcome(Kind.RETRY, null, error, at, null);
    }

    static FetchOutcome pollAgain(Instant at, PollAttempt poll) {
        return new FetchOutcome(Kind.POLL_AGAIN, null, null, at, poll);
    }

    static FetchOutcome drop() {
        return new FetchOutcome(Kind.DROP, null, null, null, null);
    }

    private static String formatted(JsonNode output) {
        if (output != null && output.path("message").isTextual()) {
            String name = output.path("name").isTextual() ? output.path("name").textValue() : null;
            String message = output.path("message").textValue();
            return name == null || name.isEmpty() ? message : name + ": " + message;
        }
        return "Unknown error";
    }
}
