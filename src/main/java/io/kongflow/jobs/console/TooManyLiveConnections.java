package io.kongflow.jobs.console;

import io.kongflow.jobs.problem.ApiException;

/** This replica has as many live-update streams open as {@code kongflow.console.max-live-connections} allows. */
class TooManyLiveConnections extends ApiException {

    TooManyLiveConnections() {
        super("Too many live connections on this replica: the page works, without live updates");
    }

    @Override
    public int status() {
        return 503;
    }

    @Override
    public String title() {
        return "Service Unavailable";
    }
}
