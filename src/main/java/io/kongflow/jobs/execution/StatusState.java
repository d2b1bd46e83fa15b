package io.kongflow.jobs.execution;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The state of a run status (the SDK's lower-case names, stored as they are sent). */
public enum StatusState {
    @JsonProperty("loading")
    LOADING,
    @JsonProperty("success")
    SUCCESS,
    @JsonProperty("failure")
    FAILURE;

    /** The name on the wire and in the database. */
    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    static StatusState of(String wire) {
        return wire == null ? null : valueOf(wire.toUpperCase(java.util.Locale.ROOT));
    }
}
