package io.kongflow.jobs.execution;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kongflow.jobs.execution.RunStateViews.RunState;
import io.kongflow.jobs.execution.RunStateViews.TaskOptions;
import io.kongflow.jobs.ops.ServiceMetrics;
import io.kongflow.jobs.persistence.Parameters;
import io.kongflow.jobs.persistence.Postgres;
import io.kongflow.jobs.persistence.Rows;
import io.kongflow.jobs.persistence.RunStatus;
import io.kongflow.jobs.persistence.Statements;
import io.kongflow.jobs.problem.InvalidInput;
import io.kongflow.jobs.problem.NotFound;
import io.kongflow.jobs.tenancy.Caller;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * The service behind the SDK client's getRun and cancelRun (its records are {@link RunStateViews}): a run of the caller's environment with its top-level
 * tasks in execution order. Cancel ends an unfinished run and its open tasks; an execution in
 * flight keeps its queue slot until it ends, and its answer is then ignored.
 */
@ApplicationScoped
public class RunStateService {

    private static final String RUN = """
            SELECT id, status, started_at, updated_at, completed_at, CAST(output AS text) AS output
            FROM job_runs WHERE id = :runId AND environment_id = :environmentId""";

    private static final String TASKS = """
            SELECT t.id, t.parent_id, t.display_key, t.status, t.name, t.icon, t.started_at, t.completed_at,
                   CAST(t.params AS text) AS params, CAST(t.output AS text) AS output, t.output_is_undefined,
                   CAST(t.properties AS text) AS properties, t.error
            FROM job_tasks t
            WHERE t.run_id = :runId AND (:subtasks OR t.parent_id IS NULL)
              AND t.seq >= COALESCE((SELECT c.seq FROM job_tasks c WHERE c.id = CAST(:cursor AS uuid) AND c.run_id = :runId), 0)
            ORDER BY t.seq LIMIT :limit""";

    private static final String CANCEL = """
            WITH run AS (
                UPDATE job_runs SET status = 'CANCELED', completed_at = now(), next_execution_at = NULL, updated_at = now()
                WHERE id = :runId AND environment_id = :environmentId AND NOT (status = ANY(CAST(:final AS text[])))
                RETURNING id),
            tasks AS (
                UPDATE job_tasks SET status = 'CANCELED', completed_at = now(), updated_at = now()
                WHERE run_id IN (SELECT id FROM run) AND status IN ('PENDING', 'WAITING', 'RUNNING'))
            SELECT count(*) AS cancelled FROM run""";

    private static final String[] FINAL = java.util.Arrays.stream(RunStatus.values())
            .filter(RunStatus::isFinal)
            .map(Enum::name)
            .toArray(String[]::new);

    private final Postgres postgres;
    private final ObjectMapper json;
    private final RunStatusRecords statuses;

    private final ServiceMetrics metrics;

    RunStateService(Postgres postgres, ObjectMapper json, RunStatusRecords statuses, ServiceMetrics metrics) {
        this.metrics = metrics;
        this.postgres = postgres;
        this.json = json;
        this.statuses = statuses;
    }

    /** {@code take} is clamped to 1..50, as the v2 server did. */
    public Uni<RunState> get(Caller caller, UUID runId, String cursor, Integer take, TaskOptions options) {
        return read(postgres.statements(), caller, runId, cursor, take, options);
    }

    /** Idempotent: a finished run answers its state unchanged. */
    public Uni<RunState> cancel(Caller caller, UUID runId) {
        Parameters run = Parameters.with("runId", runId)
                .and("environmentId", caller.environmentId())
                .and("final", FINAL);
        return postgres.transaction(sql -> sql.first(CANCEL, run, row -> row.getLong("cancelled"))
                        .chain(count -> read(sql, caller, runId, null, null, TaskOptions.NONE)
                                .map(state -> new Cancelled(count.intValue(), state))))
                .invoke(cancelled -> metrics.runEnded(RunStatus.CANCELED, cancelled.count()))
                .map(Cancelled::state);
    }

    /** How many runs a cancel ended (0 or 1), counted once the transaction committed. */
    private record Cancelled(int count, RunState state) {}

    private Uni<RunState> read(
            Statements sql, Caller caller, UUID runId, String cursor, Integer take, TaskOptions options) {
        int limit = Math.max(1, Math.min(take == null ? 20 : take, 50));
        String from = taskCursor(cursor);
        Parameters run = Parameters.with("runId", runId).and("environmentId", caller.environmentId());
        return sql.first(RUN, run, row -> row)
                .onItem()
                .ifNull()
                .failWith(() -> new NotFound("Run"))
                .chain(row -> sql.list(
                                TASKS,
                                Parameters.with("runId", runId)
                                        .and("subtasks", options.subtasks())
                                        .and("cursor", from)
                                        .and("limit", limit + 1),
                                task -> TaskNode.from(task, json, options.details()))
                        .chain(tasks -> statuses.statuses(sql, runId)
                                .map(records -> new RunState(
                                        row.getUUID("id").toString(),
                                        row.getString("status"),
                                        TaskRows.iso(Rows.instant(row, "started_at")),
                                        TaskRows.iso(Rows.instant(row, "updated_at")),
                                        TaskRows.iso(Rows.instant(row, "completed_at")),
                                        TaskRows.parse(json, row.getString("output")),
                                        TaskNode.tree(
                                                tasks.size() > limit ? tasks.subList(0, limit) : tasks,
                                                options.subtasks()),
                                        records,
                                        tasks.size() > limit ? tasks.get(limit).id() : null))));
    }

    /** The getRun cursor is the id of the task a page starts at (as the v2 SDK pages); anything else is a 400. */
    private static String taskCursor(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        try {
            return UUID.fromString(cursor).toString();
        } catch (IllegalArgumentException e) {
            throw new InvalidInput("cursor", "is not a cursor returned by this API");
        }
    }
}
