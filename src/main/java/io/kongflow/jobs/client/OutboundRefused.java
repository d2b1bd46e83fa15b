package io.kongflow.jobs.client;

/** The outbound policy refused a call before any connection was made; the message names the rule. */
public class OutboundRefused extends EndpointCallFailed {

    public OutboundRefused(String url, String rule) {
        super("The outbound policy refused " + url + ": " + rule);
    }
}
