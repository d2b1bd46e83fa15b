package io.kongflow.jobs.execution;

import com.fasterxml.jackson.databind.JsonNode;
import io.kongflow.jobs.persistence.RunStatus;
import java.time.Instant;
import java.util.UUID;

/** What one execution's answer means for the run (and, for some answers, one of its tasks). */
sealed interface Outcome {

    /** The run ends with a final status and output. */
    record Finish(RunStatus status, JsonNode output, TaskChange task) implements Outcome {}

    /** The run is executed again at {@code at}; a yield remembers its key. */
    record Continue(RunStatus status, Instant at, String yieldedKey, TaskChange task) implements Outcome {}

    /**
     * The run waits for a task that only something outside an execution ends (a request to its
     * callback URL, a matching event, a background fetch), at most until {@code timeoutAt} when set:
     * {@link TaskWaits} makes it due when the task ends.
     */
    record WaitForTask(UUID taskId, Instant timeoutAt) implements Outcome {}

    /** The endpoint gave no usable answer: retried with backoff, up to a limit. */
    record EndpointDown(JsonNode error) implements Outcome {}

    /**
     * A serverless platform cut the function off before it answered: executed again at once if
     * the execution created tasks (it made progress), else the run timed out.
     */
    record FunctionTimedOut(int tasksBefore) implements Outcome {}

    /** The SDK saw the run cancelled: nothing more to do. */
    record Canceled() implements Outcome {}

    /** A task the answer changes: errored, completed, or retried at {@code retryAt}. */
    record TaskChange(UUID taskId, Kind kind, JsonNode value, String error, Instant retryAt) {
        enum Kind {
            ERRORED,
            COMPLETED,
            RETRY
        }
    }

    static Finish fail(RunStatus status, String message) {
        return new Finish(
                status,
                com.fasterxml.jackson.databind.node.JsonNodeFactory.instance
                        .objectNode()
                        .put("message", message),
                null);
    }
}
