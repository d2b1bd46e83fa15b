package io.kongflow.jobs.client;

/** An endpoint gave no answer within the time allowed. */
public class EndpointTimedOut extends EndpointCallFailed {

    public EndpointTimedOut(String message) {
        super(message);
    }
}
