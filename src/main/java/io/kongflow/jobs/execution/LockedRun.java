package io.kongflow.jobs.execution;

import io.kongflow.jobs.persistence.RunStatus;
import java.util.UUID;

/**
 * A run as an execution's outcome transaction found it, locked and still owned by the execution:
 * its status, queue and slot before the answer, the endpoint failures, yields and execution time
 * so far (this execution's included).
 */
record LockedRun(
        UUID id, RunStatus status, UUID queueId, boolean holdsSlot, int failures, int yields, long totalDurationMs) {}
