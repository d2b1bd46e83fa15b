package io.kongflow.jobs.tracing;

import io.kongflow.jobs.persistence.Rows;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;

/**
 * One span per task of a run, made when the task ends, with the task's own start and end times
 * (a run's task may start in one execution and end days later in another): a child of the run's
 * creation span, ERROR when the task errored; a wait's span lasts the wait.
 */
@ApplicationScoped
public class TaskSpans {

    private final Tracing tracing;

    TaskSpans(Tracing tracing) {
        this.tracing = tracing;
    }

    /** An ended task as its row says. */
    public record EndedTask(
            UUID id,
            UUID parentId,
            String name,
            String displayKey,
            String status,
            boolean noop,
            boolean isWait,
            int attempts,
            Instant startedAt,
            Instant completedAt,
            String error) {

        /**
         * From a row of {@code job_tasks} columns ({@code id}, {@code parent_id}, {@code name},
         * {@code display_key}, {@code status}, {@code noop}, {@code started_at}, {@code completed_at},
         * {@code error}); whether it was a wait and its attempts are the caller's to say.
         */
        public static EndedTask from(Row row, boolean isWait, int attempts) {
            return new EndedTask(
                    row.getUUID("id"),
                    row.getUUID("parent_id"),
                    row.getString("name"),
                    row.getString("display_key"),
                    row.getString("status"),
                    row.getBoolean("noop"),
                    isWait,
                    attempts,
                    Rows.instant(row, "started_at"),
                    Rows.instant(row, "completed_at"),
                    row.getString("error"));
        }
    }

    /** Whether task spans are made at all (tracing on): a caller may skip reading what they need. */
    public boolean on() {
        return tracing.on();
    }

    public void ended(RunTrace trace, EndedTask task) {
        if (!tracing.on() || trace == null) {
            return;
        }
        Instant start = task.startedAt() == null ? Instant.now() : task.startedAt();
        Instant end = task.completedAt() == null || task.completedAt().isBefore(start) ? start : task.completedAt();
        var builder = tracing.tracer()
                .spanBuilder((task.isWait() ? "wait " : "task ") + task.name())
                .setSpanKind(SpanKind.INTERNAL)
                .setParent(RunTrace.parent(trace))
                .setStartTimestamp(start)
                .setAttribute(TraceNames.TASK_ID, task.id().toString())
                .setAttribute(TraceNames.TASK_NAME, task.name())
                .setAttribute(TraceNames.TASK_STATUS, task.status())
                .setAttribute(TraceNames.TASK_ATTEMPTS, (long) task.attempts())
                .setAttribute(TraceNames.TASK_NOOP, task.noop())
                .setAttribute(TraceNames.TASK_WAIT, task.isWait());
        if (task.displayKey() != null) {
            builder.setAttribute(TraceNames.TASK_KEY, task.displayKey());
        }
        if (task.parentId() != null) {
            builder.setAttribute(TraceNames.TASK_PARENT, task.parentId().toString());
        }
        var span = builder.startSpan();
        if ("ERRORED".equals(task.status())) {
            span.setStatus(StatusCode.ERROR, task.error() == null ? "" : task.error());
        } else if ("COMPLETED".equals(task.status())) {
            span.setStatus(StatusCode.OK);
        }
        span.end(end);
    }
}
