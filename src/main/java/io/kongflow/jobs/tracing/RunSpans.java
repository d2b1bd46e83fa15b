package io.kongflow.jobs.tracing;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Starts the span a run is created under (a producer span, {@code create <job>}): a child of the
 * current context — the API call's server span, which continues the caller's {@code traceparent}
 * — or the root of a new trace (an event's delivery, a schedule's tick).
 */
@ApplicationScoped
public class RunSpans {

    private final Tracing tracing;

    RunSpans(Tracing tracing) {
        this.tracing = tracing;
    }

    /** {@code trigger}: what creates the run (test, invoke, event). */
    public RunCreation creating(String jobSlug, String trigger, String eventName) {
        if (!tracing.on()) {
            return RunCreation.OFF;
        }
        var builder = tracing.tracer()
                .spanBuilder(jobSlug == null ? "create" : "create " + jobSlug)
                .setSpanKind(SpanKind.PRODUCER)
                .setParent(Context.current())
                .setAttribute(TraceNames.MESSAGING_SYSTEM, TraceNames.SYSTEM)
                .setAttribute(TraceNames.OPERATION_TYPE, "create")
                .setAttribute(TraceNames.OPERATION_NAME, "create")
                .setAttribute("kongflow.run.trigger", trigger);
        if (jobSlug != null) {
            builder.setAttribute(TraceNames.DESTINATION, jobSlug);
        }
        if (eventName != null) {
            builder.setAttribute(TraceNames.EVENT, eventName);
        }
        return new RunCreation(builder.startSpan());
    }
}
