package io.kongflow.jobs.tracing;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import java.net.URI;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * One execution of a run, from its claim to its outcome ({@code process <job>}, a consumer span
 * under the run's creation), and the EXECUTE_JOB call inside it ({@code EXECUTE_JOB}, a client
 * span whose context the endpoint receives as {@code traceparent}). Used by one execution at a
 * time; ends once.
 */
public final class ExecutionSpan {

    static final ExecutionSpan OFF = new ExecutionSpan(null, null, null);

    private final Tracing tracing;
    private final Span span;
    private final String traceId;
    private Span call;

    ExecutionSpan(Tracing tracing, Span span, String traceId) {
        this.tracing = tracing;
        this.span = span;
        this.traceId = traceId;
    }

    /** The trace id for the log lines of the execution; null with tracing off. */
    public String traceId() {
        return traceId;
    }

    /** Starts the endpoint call's span; the headers to send with the call ({@code traceparent}). */
    public Map<String, String> calling(String url) {
        if (span == null) {
            return Map.of();
        }
        var builder = tracing.tracer()
                .spanBuilder("EXECUTE_JOB")
                .setSpanKind(SpanKind.CLIENT)
                .setParent(Context.root().with(span))
                .setAttribute(TraceNames.HTTP_METHOD, "POST")
                .setAttribute(TraceNames.ACTION, "EXECUTE_JOB");
        try {
            URI uri = URI.create(url);
            if (uri.getHost() != null) {
                builder.setAttribute(TraceNames.SERVER_ADDRESS, uri.getHost());
                int port = uri.getPort() >= 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
                builder.setAttribute(TraceNames.SERVER_PORT, (long) port);
            }
        } catch (IllegalArgumentException notAUri) {
            // The call fails on its own; the span just names no server.
        }
        call = builder.startSpan();
        Map<String, String> headers = new HashMap<>();
        tracing.propagator().inject(Context.root().with(call), headers, Map::put);
        return headers;
    }

    /** The endpoint answered (any status): its timing and SDK version go on both spans. */
    public void answered(int status, Map<String, String> headers) {
        if (call == null) {
            return;
        }
        call.setAttribute(TraceNames.HTTP_STATUS, (long) status);
        String timing = headers.get("x-trigger-request-timing");
        String sdk = headers.get("trigger-sdk-version");
        for (Span each : new Span[] {call, span}) {
            if (timing != null) {
                each.setAttribute(TraceNames.REQUEST_TIMING, timing);
            }
            if (sdk != null) {
                each.setAttribute(TraceNames.SDK_VERSION, sdk);
            }
        }
        if (status >= 400) {
            call.setAttribute(TraceNames.ERROR_TYPE, Integer.toString(status));
            call.setStatus(StatusCode.ERROR);
        }
        call.end();
        call = null;
    }

    /** No answer came (refused, unreachable, timed out). */
    public void callFailed(String message) {
        if (call == null) {
            return;
        }
        call.setAttribute(TraceNames.ERROR_TYPE, "no_answer");
        call.setStatus(StatusCode.ERROR, message);
        call.end();
        call = null;
    }

    /** A task the answer changed ({@code kind}: completed, errored, retry): an event of the execution. */
    public void taskChanged(String kind, UUID taskId, String error, Instant retryAt) {
        if (span == null) {
            return;
        }
        var attributes = Attributes.builder().put(TraceNames.TASK_ID, taskId.toString());
        if (error != null) {
            attributes.put(TraceNames.ERROR, error);
        }
        if (retryAt != null) {
            attributes.put(TraceNames.RETRY_AT, retryAt.toString());
        }
        span.addEvent("task." + kind, attributes.build());
    }

    /** What the execution came to: the endpoint's answer ({@code SUCCESS}, {@code RESUME_WITH_TASK}, …) or why none. */
    public void outcome(String outcome) {
        if (span != null && outcome != null) {
            span.setAttribute(TraceNames.OUTCOME, outcome);
        }
    }

    /** The outcome is written: {@code status} is the run's status after it (null: fenced off). */
    public void end(String status) {
        if (span == null) {
            return;
        }
        if (status != null) {
            span.setAttribute(TraceNames.RUN_STATUS, status);
        }
        if ("FAILURE".equals(status) || "TIMED_OUT".equals(status)) {
            span.setStatus(StatusCode.ERROR, "The run ended " + status);
        }
        endCall();
        span.end();
    }

    /** The execution itself failed (its outcome could not be written). */
    public void failed(Throwable failure) {
        if (span == null) {
            return;
        }
        span.recordException(failure);
        span.setStatus(StatusCode.ERROR, String.valueOf(failure.getMessage()));
        endCall();
        span.end();
    }

    private void endCall() {
        if (call != null) {
            call.end();
            call = null;
        }
    }
}
