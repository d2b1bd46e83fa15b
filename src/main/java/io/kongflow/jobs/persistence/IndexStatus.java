package io.kongflow.jobs.persistence;

/** The life of an endpoint index. */
public enum IndexStatus {
    PENDING,
    STARTED,
    SUCCESS,
    FAILURE
}
