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
import io.kongflow.jobs.tracing.ExecutionSpan;
import io.kongflow.jobs.tracing.ExecutionSpans;
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
    private final ExecutionSpans spans;
    private final DueTasks dueTasks;

    RunExecutor(
            Postgres postgres,
            EndpointClient client,
            OutcomeWriter writer,
            ApiKeyVault vault,
            ObjectMapper json,
            KongflowConfig config,
            ServiceMetrics metrics,
            io.vertx.mutiny.core.Vertx vertx,
            ExecutionSpans spans,
            DueTasks dueTasks) {
        this.spans = spans;
        this.dueTasks = dueTasks;
        this.metrics = metrics;
        this.vertx = vertx;
        this.postgres = postgres;
        this.client = client;
        this.writer = writer;
        this.vault = vault;
        this.json = json;
        this.config = config.execution();
    }

    /**
     * Executes the claim; with {@code handOver}, its slot may be passed to the queue's next run.
     * With tracing on, the execution is a span under the run's trace, from the claim to the outcome.
     */
    Uni<Ended> execute(Claim claim, boolean handOver) {
        MDC.put("runId", claim.runId().toString());
        MDC.put("execution", claim.token());
        MDC.remove("traceId");
        java.time.Instant claimedAt = java.time.Instant.now();
        Parameters run = Parameters.with("runId", claim.runId());
        return postgres.statements()
                .first(RunContext.LOAD, run, RunContext::from)
                .chain(context -> {
                    ExecutionSpan span = spans.start(
                            context.trace(),
                            new ExecutionSpans.Execution(
                                    claim.runId(),
                                    context.jobSlug(),
                                    context.version(),
                                    context.executionCount() + 1L,
                                    claim.token(),
                                    claim.owner(),
                                    claimedAt));
                    if (span.traceId() != null) {
                        MDC.put("traceId", span.traceId());
                    }
                    return execute(claim, context, span, handOver)
                            .invoke(ended -> span.end(
                                    ended.status() == null
                                            ? null
                                            : ended.status().name()))
                            .onFailure()
                            .invoke(span::failed);
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

    private Uni<Ended> execute(Claim claim, RunContext context, ExecutionSpan span, boolean handOver) {
        Uni<Void> resumed = context.waitingTaskCount() == 0
                ? Uni.createFrom().voidItem()
                : dueTasks.moveOn(claim.runId(), context.trace());
        return resumed.chain(() -> {
            if (context.executionCount() >= config.maxExecutions()) {
                span.outcome("MAX_EXECUTIONS");
                return writer.apply(
                        claim,
                        Outcome.fail(
                                RunStatus.FAILURE, "Run was executed more than " + config.maxExecutions() + " times"),
                        0,
                        false,
                        handOver);
            }
            if (context.endpointUrl() == null) {
                span.outcome("NO_ENDPOINT_URL");
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
            return completed.chain(tasks -> call(claim, context, tasks, span, handOver));
        });
    }

    private Uni<Ended> call(
            Claim claim, RunContext context, java.util.List<CachedTask> tasks, ExecutionSpan span, boolean handOver) {
        return body(context, tasks).chain(body -> call(claim, context, body, span, handOver));
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

    private Uni<Ended> call(Claim claim, RunContext context, String body, ExecutionSpan span, boolean handOver) {
        String apiKey = vault.decrypt(context.apiKeyCiphertext());
        long started = System.nanoTime();
        return client.execute(
                        context.endpointUrl(),
                        apiKey,
                        body,
                        EnvironmentType.valueOf(context.environmentType()),
                        config.requestTimeout(),
                        span.calling(context.endpointUrl()))
                .map(answer -> {
                    span.answered(answer.status(), answer.headers());
                    span.outcome(answerStatus(answer));
                    metrics.execution(System.nanoTime() - started);
                    String failed = FailureKinds.of(answer);
                    if (failed != null) {
                        metrics.endpointCallFailed(failed);
                    }
                    Outcome outcome = Answers.interpret(answer, json, context.taskCount());
                    taskChanged(span, outcome);
                    return outcome;
                })
                .onFailure(EndpointCallFailed.class)
                .recoverWithItem(failure -> {
                    span.callFailed(failure.getMessage());
                    span.outcome("ENDPOINT_UNREACHABLE");
                    metrics.execution(System.nanoTime() - started);
                    metrics.endpointCallFailed(FailureKinds.of(failure));
                    Log.infof("Run %s execution %d: %s", claim.runId(), claim.token(), failure.getMessage());
                    return new Outcome.EndpointDown(json.createObjectNode().put("message", failure.getMessage()));
                })
                .chain(outcome ->
                        writer.apply(claim, outcome, (System.nanoTime() - started) / 1_000_000, true, handOver));
    }

    /** The status the endpoint's answer names ({@code SUCCESS}, {@code RESUME_WITH_TASK}, …), else its HTTP status. */
    private static String answerStatus(io.kongflow.jobs.client.ExecuteAnswer answer) {
        var status = answer.body() == null || !answer.body().isObject()
                ? null
                : answer.body().get("status");
        return status != null && status.isTextual() ? status.textValue() : "HTTP_" + answer.status();
    }

    /** A task the answer completes, errors or retries is an event of the execution's span. */
    private static void taskChanged(ExecutionSpan span, Outcome outcome) {
        Outcome.TaskChange change = outcome instanceof Outcome.Finish finish
                ? finish.task()
                : outcome instanceof Outcome.Continue next ? next.task() : null;
        if (change != null) {
            span.taskChanged(
                    change.kind().name().toLowerCase(java.util.Locale.ROOT),
                    change.taskId(),
                    change.error(),
                    change.retryAt());
        }
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
