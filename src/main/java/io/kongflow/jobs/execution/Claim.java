package io.kongflow.jobs.execution;

import java.util.UUID;

/** One execution of a run this replica leased: the token fences its answer against a lost lease. */
record Claim(UUID runId, long token, String owner) {}
