package io.kongflow.jobs.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;

/**
 * A run's trace as its row stores it ({@code job_runs.trace_id}, {@code trace_span_id}): the ids of
 * the span that created the run, under which every later span of the run is made, on any replica.
 */
public record RunTrace(String traceId, String spanId) {

    /** Null when the row has none (created with tracing off, or by an earlier release). */
    public static RunTrace of(String traceId, String spanId) {
        if (traceId == null || spanId == null) {
            return null;
        }
        RunTrace trace = new RunTrace(traceId, spanId);
        return trace.spanContext().isValid() ? trace : null;
    }

    SpanContext spanContext() {
        return SpanContext.createFromRemoteParent(traceId, spanId, TraceFlags.getSampled(), TraceState.getDefault());
    }

    /** The parent of the run's later spans; a run without a trace starts a new one each time. */
    static Context parent(RunTrace trace) {
        return trace == null ? Context.root() : Context.root().with(Span.wrap(trace.spanContext()));
    }
}
