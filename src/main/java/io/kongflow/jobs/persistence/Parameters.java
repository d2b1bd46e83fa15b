package io.kongflow.jobs.persistence;

import java.util.HashMap;

/**
 * The values of a statement's {@code :name} parameters. Unlike {@code Map.of} it takes nulls: a
 * null is SQL NULL.
 */
public final class Parameters extends HashMap<String, Object> {

    /** No parameters. */
    public static final java.util.Map<String, Object> NONE = java.util.Map.of();

    private Parameters() {}

    public static Parameters with(String name, Object value) {
        return new Parameters().and(name, value);
    }

    public Parameters and(String name, Object value) {
        put(name, value);
        return this;
    }
}
