package io.kongflow.jobs.client;

/** A background fetch got no whole answer within its timeout. */
public class FetchTimedOut extends EndpointCallFailed {

    public FetchTimedOut(String message) {
        super(message);
    }
}
