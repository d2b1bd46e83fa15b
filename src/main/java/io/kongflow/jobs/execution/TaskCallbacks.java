package io.kongflow.jobs.execution;

import com.fasterxml.jackson.databind.JsonNode;
import io.kongflow.jobs.execution.TaskViews.Callback;
import io.kongflow.jobs.persistence.Parameters;
import io.kongflow.jobs.persistence.Postgres;
import io.kongflow.jobs.persistence.Statements;
import io.kongflow.jobs.problem.NotFound;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * Callback tasks ({@code io.waitForRequest}, {@code io.waitForEvent}): gives a new one its URL and
 * timeout, and completes it with the first request to that URL ({@link TaskWaits}: once, resuming the
 * run). A task whose timeout passed is failed by its run's next execution, which is due then
 * ({@code RunExecutor}).
 */
@ApplicationScoped
public class TaskCallbacks {

    private static final String ATTACH = """
            UPDATE job_tasks SET callback_url = :base || '/api/v1/tasks/' || id || '/callback/',
                callback_secret = :sealed,
                callback_timeout_at = CASE WHEN :timeout > 0 THEN now() + make_interval(secs => :timeout) END
            WHERE run_id = :runId AND idempotency_key = :key""";

    private static final String FIND = """
            SELECT t.callback_secret FROM job_tasks t
            WHERE t.id = :taskId AND t.callback_url IS NOT NULL AND (CAST(:runId AS uuid) IS NULL OR t.run_id = CAST(:runId AS uuid))""";

    // Share-locked until the caller commits: a task ending meanwhile waits, and its end (V25's trigger)
    // then removes what the caller bound to it.
    private static final String FIND_WAITING = """
            SELECT t.callback_secret FROM job_tasks t JOIN job_runs r ON r.id = t.run_id
            WHERE t.id = :taskId AND t.callback_url IS NOT NULL AND t.status = 'WAITING' AND r.environment_id = :environmentId
              AND (CAST(:runId AS uuid) IS NULL OR t.run_id = CAST(:runId AS uuid))
            FOR SHARE OF t""";

    private final Postgres postgres;
    private final CallbackUrls urls;
    private final TaskWaits waits;

    private final TaskEndSpans spans;

    TaskCallbacks(Postgres postgres, CallbackUrls urls, TaskWaits waits, TaskEndSpans spans) {
        this.spans = spans;
        this.postgres = postgres;
        this.urls = urls;
        this.waits = waits;
    }

    /** Gives the task just created under {@code key} its callback URL and timeout. */
    Uni<Integer> attach(Statements sql, UUID runId, String key, Callback callback) {
        // The task id is part of the URL: the statement adds it to the base.
        int timeout = callback.timeoutInSeconds() == null ? 0 : Math.max(0, callback.timeoutInSeconds());
        return sql.execute(
                ATTACH,
                Parameters.with("runId", runId)
                        .and("key", key)
                        .and("base", urls.base())
                        .and("sealed", urls.newSealedSecret())
                        .and("timeout", timeout));
    }

    /**
     * A request to the callback URL: completes the task with {@code body} and resumes its run. True
     * when this request completed it, false when the task had ended already (nothing changes).
     */
    public Uni<Boolean> receive(UUID runId, UUID taskId, String secret, JsonNode body) {
        NulCharacters.refuse("", body);
        Parameters task = Parameters.with("taskId", taskId).and("runId", runId == null ? null : runId.toString());
        return postgres.transaction(sql -> sql.first(FIND, task, row -> row.getString("callback_secret"))
                        .chain(stored -> {
                            if (stored == null || !urls.matches(stored, secret)) {
                                return Uni.createFrom().failure(new NotFound("Task callback"));
                            }
                            return waits.end(sql, taskId, TaskWaits.Ending.COMPLETED, body, null);
                        }))
                .call(ended -> Boolean.TRUE.equals(ended)
                        ? spans.ended(taskId)
                        : Uni.createFrom().voidItem());
    }

    /**
     * The task whose callback URL {@code url} is, when it is a waiting callback task of the
     * environment and the URL's secret is its own; else a null item.
     */
    public Uni<UUID> waitingTask(Statements sql, UUID environmentId, String url) {
        CallbackUrls.Parts parts = CallbackUrls.parse(url);
        if (parts == null) {
            return Uni.createFrom().nullItem();
        }
        Parameters task = Parameters.with("taskId", parts.taskId())
                .and("environmentId", environmentId)
                .and("runId", parts.runId() == null ? null : parts.runId().toString());
        return sql.first(FIND_WAITING, task, row -> row.getString("callback_secret"))
                .map(stored -> stored != null && urls.matches(stored, parts.secret()) ? parts.taskId() : null);
    }
}
