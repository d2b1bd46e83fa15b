package io.kongflow.jobs.execution;

import com.fasterxml.jackson.databind.JsonNode;
import io.kongflow.jobs.persistence.RunStatus;

/**
 * The task waits only a route this server does not serve yet could end: a background fetch
 * ({@code operation}). Nothing would ever resume a run
 * waiting on one, so it fails at once, saying why; serving the route replaces this.
 */
final class UnservedWaits {

    private UnservedWaits() {}

    /** The run's failure when the resumed task waits on an unserved route, else null. */
    static Outcome.Finish failure(JsonNode task) {
        String name = task.path("displayKey").asText(task.path("name").asText("task"));
        if (task.hasNonNull("operation")) {
            return Outcome.fail(
                    RunStatus.FAILURE,
                    "Task \"" + name + "\" waits for its operation \""
                            + task.path("operation").asText()
                            + "\" (a background fetch), which this server does not run yet: background fetches are"
                            + " not supported");
        }
        return null;
    }
}
