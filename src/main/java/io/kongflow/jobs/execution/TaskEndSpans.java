package io.kongflow.jobs.execution;

import io.kongflow.jobs.persistence.Parameters;
import io.kongflow.jobs.persistence.Postgres;
import io.kongflow.jobs.tracing.RunTrace;
import io.kongflow.jobs.tracing.TaskSpans;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * The span of a task something outside an execution ended (a request to its callback URL), made
 * after the ending committed: one read of the task and its run's trace, and only with tracing on.
 */
@ApplicationScoped
class TaskEndSpans {

    // The task id comes from a request its URL's secret authenticated (TaskCallbacks.receive).
    private static final String READ = """
            SELECT t.id, t.parent_id, t.name, t.display_key, t.status, t.noop, t.delay_until, t.started_at,
                   t.completed_at, t.error, (SELECT count(*) FROM job_task_attempts a WHERE a.task_id = t.id) AS attempts,
                   r.trace_id, r.trace_span_id
            FROM job_tasks t JOIN job_runs r ON r.id = t.run_id WHERE t.id = :taskId""";

    private final Postgres postgres;
    private final TaskSpans spans;

    TaskEndSpans(Postgres postgres, TaskSpans spans) {
        this.postgres = postgres;
        this.spans = spans;
    }

    Uni<Void> ended(UUID taskId) {
        if (!spans.on()) {
            return Uni.createFrom().voidItem();
        }
        return postgres.statements()
                .first(READ, Parameters.with("taskId", taskId), row -> row)
                .invoke(row -> {
                    if (row != null) {
                        spans.ended(RunTrace.of(row.getString("trace_id"), row.getString("trace_span_id")), task(row));
                    }
                })
                .replaceWithVoid();
    }

    private static TaskSpans.EndedTask task(Row row) {
        return TaskSpans.EndedTask.from(row, false, row.getLong("attempts").intValue());
    }
}
