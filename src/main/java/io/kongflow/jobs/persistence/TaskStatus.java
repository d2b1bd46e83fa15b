package io.kongflow.jobs.persistence;

/** The states of a run's task (the trigger.dev v2 names). */
public enum TaskStatus {
    PENDING,
    WAITING,
    RUNNING,
    COMPLETED,
    ERRORED,
    CANCELED
}
