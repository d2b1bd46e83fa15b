package io.kongflow.jobs.execution;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kongflow.jobs.client.EndpointCallFailed;
import io.kongflow.jobs.client.EndpointClient;
import io.kongflow.jobs.config.ExecutionSettings;
import io.kongflow.jobs.config.KongflowConfig;
import io.kongflow.jobs.ops.ServiceMetrics;
import io.kongflow.jobs.persistence.EnvironmentType;
import io.kongflow.jobs.persistence.Parameters;
import io.kongflow.jobs.persistence.Postgres;
import io.kongflow.jobs.persistence.RunStatus;
import io.kongflow.jobs.tenancy.ApiKeyVault;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.MDC;

/**
 * Runs one claimed execution: reads the run, POSTs EXECUTE_JOB with no transaction open, applies
 * the answer. A run without tasks (most first executions) costs one read before the call.
 */
@ApplicationScoped
class RunExecutor {

    // A task whose wait or retry delay has passed moves on before the SDK replays it; a callback task
    // whose timeout passed fails as v2 failed it (its output the message, which the SDK shows). Only
    // an open task changes: a request to its URL racing the timeout ends it once (TaskWaits).
    private static final String RESUME_DUE_TASKS = """
            WITH due AS (
                UPDATE job_tasks SET status = CASE WHEN noop THEN 'COMPLETED' ELSE 'RUNNING' END,
                    completed_at = CASE WHEN noop THEN now() END, updated_at = now()
                WHERE run_id = :runId AND status = 'WAITING' AND callback_url IS NULL AND operation IS NULL
                  AND COALESCE(resume_at, delay_until, now()) <= now()),
            timed_out AS (
                UPDATE job_tasks SET status = 'ERRORED', output = to_jsonb(CAST(:timedOut AS text)),
                    output_is_undefined = false, error = :timedOut, completed_at = now(), updated_at = now()
                WHERE run_id = :runId AND status = 'WAITING' AND callback_timeout_at <= now() RETURNING id)
            UPDATE job_task_attempts SET status = 'ERRORED', error = :timedOut, updated_at = now()
            WHERE task_id IN (SELECT id FROM timed_out) AND status = 'PENDING'""";

    static final String CALLBACK_TIMED_OUT = "Remote callback timeout - no requests received";

    /** Outputs above this many characters make a body built off the event loop. */
    static final long LARGE_BODY_CHARS = 256 * 1024;

    private final Postgres postgres;
    private final io.vertx.mutiny.core.Vertx vertx;
    private final EndpointClient client;
    private final OutcomeWriter writer;
    private final ApiKeyVault vault;
    private final ObjectMapper json;
    private final ExecutionSettings config;
    private final ServiceMetrics metrics;

    RunExecutor(
            Postgres postgres,
            EndpointClient client,
            OutcomeWriter writer,
            ApiKeyVault vault,
            ObjectMapper json,
            KongflowConfig config,
            ServiceMetrics metrics,
            io.vertx.mutiny.core.Vertx vertx) {
        this.metrics = metrics;
        this.vertx = vertx;
        this.postgres = postgres;
        this.client = client;
        this.writer = writer;
        this.vault = vault;
        this.json = json;
        this.config = config.execution();
    }

    /** Executes the claim; with {@code handOver}, its slot may be passed to the queue's next run. */
    Uni<Ended> execute(Claim claim, boolean handOver) {
        MDC.put("runId", claim.runId().toString());
        MDC.put("execution", claim.token());
        Parameters run = Parameters.with("runId", claim.runId());
        return postgres.statements()
                .first(RunContext.LOAD, run, RunContext::from)
                .call(context -> context.waitingTaskCount() == 0
                        ? Uni.createFrom().voidItem()
                        : postgres.statements()
                                .execute(
                                        RESUME_DUE_TASKS,
                                        Parameters.with("runId", claim.runId()).and("timedOut", CALLBACK_TIMED_OUT)))
                .chain(context -> {
                    if (context.executionCount() >= config.maxExecutions()) {
                        return writer.apply(
                                claim,
                                Outcome.fail(
                                        RunStatus.FAILURE,
                                        "Run was executed more than " + config.maxExecutions() + " times"),
                                0,
                                false,
                                handOver);
                    }
                    if (context.endpointUrl() == null) {
                        return writer.apply(
                                claim, Outcome.fail(RunStatus.FAILURE, "Endpoint has no URL set"), 0, false, handOver);
                    }
                    Uni<java.util.List<CachedTask>> completed = context.taskCount() == 0
                            ? Uni.createFrom().item(java.util.List.of())
                            : postgres.statements()
                                    .list(
                                            CachedTask.COMPLETED,
                                            CachedTask.budget(ExecutionBody.CACHE_BUDGET)
                                                    .and("runId", claim.runId()),
                                            CachedTask::from);
                    return completed.chain(tasks -> call(claim, context, tasks, handOver));
                })
                .invoke(ended -> {
                    RunStatus status = ended.status();
                    // A run found cancelled meanwhile was counted by its cancel.
                    if (ended.moved() && status.isFinal()) {
                        metrics.runEnded(status, 1);
                    }
                    Log.debugf("Run %s execution %d: %s", claim.runId(), claim.token(), status);
                });
    }

    private Uni<Ended> call(Claim claim, RunContext context, java.util.List<CachedTask> tasks, boolean handOver) {
        return body(context, tasks).chain(body -> call(claim, context, body, handOver));
    }

    /** A body carrying large outputs is built on a worker thread; the execution goes on on its own context. */
    private Uni<String> body(RunContext context, java.util.List<CachedTask> tasks) {
        long outputs = tasks.stream()
                .mapToLong(task -> task.output() == null ? 0 : task.output().length())
                .sum();
        if (outputs < LARGE_BODY_CHARS) {
            return Uni.createFrom().item(ExecutionBody.build(json, context, tasks, chunkLimitMs(context)));
        }
        return vertx.executeBlocking(
                Uni.createFrom().item(() -> ExecutionBody.build(json, context, tasks, chunkLimitMs(context))), false);
    }

    private Uni<Ended> call(Claim claim, RunContext context, String body, boolean handOver) {
        String apiKey = vault.decrypt(context.apiKeyCiphertext());
        long started = System.nanoTime();
        return client.execute(
                        context.endpointUrl(),
                        apiKey,
                        body,
                        EnvironmentType.valueOf(context.environmentType()),
                        config.requestTimeout())
                .map(answer -> {
                    metrics.execution(System.nanoTime() - started);
                    String failed = FailureKinds.of(answer);
                    if (failed != null) {
                        metrics.endpointCallFailed(failed);
                    }
                    return Answers.interpret(answer, json, context.taskCount());
                })
                .onFailure(EndpointCallFailed.class)
                .recoverWithItem(failure -> {
                    metrics.execution(System.nanoTime() - started);
                    metrics.endpointCallFailed(FailureKinds.of(failure));
                    Log.infof("Run %s execution %d: %s", claim.runId(), claim.token(), failure.getMessage());
                    return new Outcome.EndpointDown(json.createObjectNode().put("message", failure.getMessage()));
                })
                .chain(outcome ->
                        writer.apply(claim, outcome, (System.nanoTime() - started) / 1_000_000, true, handOver));
    }

    /**
     * The SDK yields before this: the limit learned from the endpoint's platform (less the v2
     * server's 350 ms buffer), never above the configured one, which the request timeout exceeds.
     */
    private long chunkLimitMs(RunContext context) {
        long configured = config.chunkLimit().toMillis();
        Integer learned = context.endpointChunkLimitMs();
        return learned == null
                ? configured
                : Math.min(configured, learned - AfterFunctionTimeout.CHUNK_LIMIT_BUFFER_MS);
    }
}
