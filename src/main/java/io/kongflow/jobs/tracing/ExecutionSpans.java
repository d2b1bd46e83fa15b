package io.kongflow.jobs.tracing;

import io.opentelemetry.api.trace.SpanKind;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;

/**
 * Starts an execution's span under its run's stored trace ({@link RunTrace}), from the claim's
 * time: made when the run's row has been read, since only the row knows the trace.
 */
@ApplicationScoped
public class ExecutionSpans {

    private final Tracing tracing;

    ExecutionSpans(Tracing tracing) {
        this.tracing = tracing;
    }

    /** What the span says of the execution when it starts. */
    public record Execution(
            UUID runId, String jobSlug, String version, long number, long token, String replica, Instant claimedAt) {}

    public ExecutionSpan start(RunTrace trace, Execution execution) {
        if (!tracing.on()) {
            return ExecutionSpan.OFF;
        }
        var span = tracing.tracer()
                .spanBuilder("process " + execution.jobSlug())
                .setSpanKind(SpanKind.CONSUMER)
                .setParent(RunTrace.parent(trace))
                .setStartTimestamp(execution.claimedAt())
                .setAttribute(TraceNames.MESSAGING_SYSTEM, TraceNames.SYSTEM)
                .setAttribute(TraceNames.OPERATION_TYPE, "process")
                .setAttribute(TraceNames.OPERATION_NAME, "process")
                .setAttribute(TraceNames.DESTINATION, execution.jobSlug())
                .setAttribute(TraceNames.MESSAGE_ID, execution.runId().toString())
                .setAttribute(TraceNames.RUN_ID, execution.runId().toString())
                .setAttribute(TraceNames.JOB, execution.jobSlug())
                .setAttribute(TraceNames.VERSION, execution.version())
                .setAttribute(TraceNames.EXECUTION_NUMBER, execution.number())
                .setAttribute(TraceNames.EXECUTION_TOKEN, execution.token())
                .setAttribute(TraceNames.REPLICA, execution.replica())
                .startSpan();
        return new ExecutionSpan(tracing, span, span.getSpanContext().getTraceId());
    }
}
