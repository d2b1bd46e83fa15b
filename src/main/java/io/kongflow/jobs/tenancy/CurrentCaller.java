package io.kongflow.jobs.tenancy;

import io.kongflow.jobs.problem.Unauthorized;
import jakarta.enterprise.context.RequestScoped;

/** Holds the authenticated caller of the current request, set by {@link ApiKeyAuthentication}. */
@RequestScoped
public class CurrentCaller {

    private Caller caller;

    void set(Caller caller) {
        this.caller = caller;
    }

    /** The caller; every {@code /api/v1} operation runs with one. */
    public Caller get() {
        if (caller == null) {
            throw new Unauthorized("Missing API key");
        }
        return caller;
    }
}
