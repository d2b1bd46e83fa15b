package io.kongflow.jobs.persistence;

/** How an integration connects. */
public enum ConnectionType {
    HOSTED,
    EXTERNAL,
    DEVELOPER
}
