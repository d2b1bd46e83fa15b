package io.kongflow.jobs.persistence;

/** Whether a job version receives events. */
public enum VersionStatus {
    ACTIVE,
    DISABLED
}
