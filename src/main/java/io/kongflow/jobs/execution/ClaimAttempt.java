package io.kongflow.jobs.execution;

/**
 * What one claim found: the execution it leased to this replica (null when nothing was due and
 * startable in a queue with room), whether another claim could lease one at once, and, when not,
 * the milliseconds until the next wait or retry delay ends (null when none does).
 */
record ClaimAttempt(Claim claim, boolean more, Long nextDueInMs) {}
