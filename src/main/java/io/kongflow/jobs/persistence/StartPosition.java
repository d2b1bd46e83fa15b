package io.kongflow.jobs.persistence;

/** Where a new version of a job starts reading events. */
public enum StartPosition {
    INITIAL,
    LATEST
}
