package io.kongflow.jobs.persistence;

/** Whether an integration is ready to use. */
public enum SetupStatus {
    COMPLETE,
    MISSING_FIELDS
}
