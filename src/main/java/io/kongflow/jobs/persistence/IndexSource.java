package io.kongflow.jobs.persistence;

/** What asked for an endpoint index. */
public enum IndexSource {
    MANUAL,
    API,
    INTERNAL,
    HOOK
}
