package io.kongflow.jobs.client;

/** A call to a user's SDK endpoint did not produce a usable answer; the message says why, for users. */
public class EndpointCallFailed extends RuntimeException {

    public EndpointCallFailed(String message) {
        super(message, null, false, false);
    }
}
