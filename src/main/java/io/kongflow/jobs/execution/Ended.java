package io.kongflow.jobs.execution;

import io.kongflow.jobs.persistence.RunStatus;

/**
 * How an execution ended: the status its run ended in or waits in (null when its answer was
 * fenced off), whether this execution's answer moved the run there ({@code moved}: false when it
 * found the run cancelled meanwhile), and the run its queue slot was handed over to, leased to
 * this replica (or null).
 */
record Ended(RunStatus status, boolean moved, Claim next) {

    static final Ended IGNORED = new Ended(null, false, null);
}
