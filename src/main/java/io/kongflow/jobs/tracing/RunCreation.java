package io.kongflow.jobs.tracing;

import io.opentelemetry.api.trace.Span;
import java.util.UUID;

/**
 * The span of one run's creation while the run is being written: its ids go into the run's row,
 * and it ends (and is exported) when the row is written — a creation that writes no row (an
 * idempotent repeat) drops it unended, so nothing of it is exported.
 */
public final class RunCreation {

    static final RunCreation OFF = new RunCreation(null);

    private final Span span;

    RunCreation(Span span) {
        this.span = span;
    }

    /** The ids to store on the run; null with tracing off. */
    public RunTrace trace() {
        return span == null
                ? null
                : new RunTrace(
                        span.getSpanContext().getTraceId(),
                        span.getSpanContext().getSpanId());
    }

    public String traceId() {
        return span == null ? null : span.getSpanContext().getTraceId();
    }

    public String spanId() {
        return span == null ? null : span.getSpanContext().getSpanId();
    }

    /** The run is written: the span ends with its id. */
    public void created(UUID runId, String jobSlug) {
        if (span != null && runId != null) {
            span.setAttribute(TraceNames.MESSAGE_ID, runId.toString());
            span.setAttribute(TraceNames.RUN_ID, runId.toString());
            if (jobSlug != null) {
                span.setAttribute(TraceNames.DESTINATION, jobSlug);
                span.setAttribute(TraceNames.JOB, jobSlug);
                span.updateName("create " + jobSlug);
            }
            span.end();
        }
    }
}
