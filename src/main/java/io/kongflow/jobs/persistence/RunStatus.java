package io.kongflow.jobs.persistence;

/** The states of a job run; the final ones can no longer change. */
public enum RunStatus {
    PENDING,
    QUEUED,
    WAITING_ON_CONNECTIONS,
    PREPROCESSING,
    STARTED,
    EXECUTING,
    WAITING_TO_CONTINUE,
    WAITING_TO_EXECUTE,
    SUCCESS,
    FAILURE,
    TIMED_OUT,
    ABORTED,
    CANCELED,
    UNRESOLVED_AUTH,
    INVALID_PAYLOAD;

    public boolean isFinal() {
        return switch (this) {
            case SUCCESS, FAILURE, TIMED_OUT, ABORTED, CANCELED, UNRESOLVED_AUTH, INVALID_PAYLOAD -> true;
            default -> false;
        };
    }
}
