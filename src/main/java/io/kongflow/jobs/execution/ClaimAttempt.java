package io.kongflow.jobs.execution;

/**
 * What one claim found: the execution it leased to this replica (null when nothing was due and
 * startable in a queue with room, or concurrent claims took it), whether another claim could lease
 * one at once, and, when not, the milliseconds until the next startable run's time comes (the end
 * of a wait or a retry delay; null when no run waits for its time).
 */
record ClaimAttempt(Claim claim, boolean more, Long nextDueInMs) {}
