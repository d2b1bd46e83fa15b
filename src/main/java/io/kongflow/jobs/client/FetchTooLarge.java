package io.kongflow.jobs.client;

/** A background fetch's response body is over the limit: not read further, and never retried. */
public class FetchTooLarge extends EndpointCallFailed {

    public FetchTooLarge(String message) {
        super(message);
    }
}
