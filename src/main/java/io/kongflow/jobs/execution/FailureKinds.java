package io.kongflow.jobs.execution;

import io.kongflow.jobs.client.EndpointTimedOut;
import io.kongflow.jobs.client.ExecuteAnswer;
import io.kongflow.jobs.client.OutboundRefused;

/** Names what went wrong with an EXECUTE_JOB call, for the endpoint failure counter. */
final class FailureKinds {

    private FailureKinds() {}

    /** The kind of an unusable answer, or null when the answer is one the SDK gives. */
    static String of(ExecuteAnswer answer) {
        int code = answer.status();
        if (code >= 200 && code < 300) {
            boolean usable = answer.body() != null
                    && answer.body().isObject()
                    && answer.body().path("status").isTextual();
            return usable ? null : "invalid_answer";
        }
        return code >= 400 && code < 500 && code != 408 ? "client_error" : "server_error";
    }

    /** The kind of a call that got no answer. */
    static String of(Throwable failure) {
        if (failure instanceof OutboundRefused) {
            return "refused";
        }
        return failure instanceof EndpointTimedOut ? "timeout" : "unreachable";
    }
}
