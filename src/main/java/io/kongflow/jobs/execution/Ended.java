package io.kongflow.jobs.execution;

import io.kongflow.jobs.persistence.RunStatus;

/**
 * How an execution ended: the status its run ended in or waits in (null when its answer was
 * fenced off), and the run its queue slot was handed over to, leased to this replica (or null).
 */
record Ended(RunStatus status, Claim next) {

    static final Ended IGNORED = new Ended(null, null);
}
