package io.kongflow.jobs.execution;

import com.fasterxml.jackson.databind.JsonNode;
import io.kongflow.jobs.persistence.RunStatus;

/**
 * The task waits only a route this server does not serve yet could end: a task's callback
 * ({@code callbackUrl}). Nothing would ever resume a run
 * waiting on one, so it fails at once, saying why; serving the route replaces this.
 */
final class UnservedWaits {

    private UnservedWaits() {}

    /** The run's failure when the resumed task waits on an unserved route, else null. */
    static Outcome.Finish failure(JsonNode task) {
        String name = task.path("displayKey").asText(task.path("name").asText("task"));
        if (task.hasNonNull("callbackUrl")) {
            return Outcome.fail(
                    RunStatus.FAILURE,
                    "Task \"" + name + "\" waits for a request to its callback URL, which this server does not"
                            + " serve yet: tasks with a callback are not supported");
        }
        return null;
    }
}
