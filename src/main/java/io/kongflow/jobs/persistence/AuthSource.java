package io.kongflow.jobs.persistence;

/** Who supplies an integration's credentials. */
public enum AuthSource {
    HOSTED,
    LOCAL,
    RESOLVER
}
