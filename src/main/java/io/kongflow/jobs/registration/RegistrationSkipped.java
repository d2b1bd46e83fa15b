package io.kongflow.jobs.registration;

import java.util.UUID;

/**
 * Ends a registration of a disabled job that is deleted: the transaction rolls back so that
 * nothing is written, and the caller is told "skipped".
 */
final class RegistrationSkipped extends RuntimeException {

    final UUID jobId;
    final boolean internal;

    RegistrationSkipped(UUID jobId, boolean internal) {
        super("skipped", null, false, false);
        this.jobId = jobId;
        this.internal = internal;
    }
}
