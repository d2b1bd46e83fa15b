package io.kongflow.jobs.runs;

import io.kongflow.jobs.persistence.RunStatus;
import java.util.Arrays;
import java.util.List;

/** Groups of run states, as the SQL of the run services needs them. */
final class RunStates {

    /** Not final: can still be cancelled. */
    static final List<String> OPEN = Arrays.stream(RunStatus.values())
            .filter(status -> !status.isFinal())
            .map(Enum::name)
            .toList();

    /** Holding a place in their queue ({@code job_count}). */
    static final List<String> RUNNING = List.of(
            RunStatus.STARTED.name(),
            RunStatus.EXECUTING.name(),
            RunStatus.WAITING_TO_CONTINUE.name(),
            RunStatus.WAITING_TO_EXECUTE.name());

    private RunStates() {}
}
