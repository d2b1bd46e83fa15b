package io.kongflow.jobs.execution;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import java.time.Instant;
import java.util.List;

/**
 * Builds the EXECUTE_JOB body (the SDK's RunJobBody). Optional fields are left out when empty,
 * never sent as null: the SDK's schema rejects a null there and answers 400. The JSON the
 * database stored (payload, context, account metadata, task outputs) is written as it is, never
 * parsed again: PostgreSQL's jsonb text is valid JSON.
 */
final class ExecutionBody {

    /** Cached task outputs sent at most, as the v2 server did. */
    static final int CACHE_BUDGET = 3_500_000;

    private ExecutionBody() {}

    static String build(ObjectMapper json, RunContext run, List<CachedTask> completed, long chunkLimitMs) {
        ObjectNode body = json.createObjectNode();
        ObjectNode event = body.putObject("event");
        event.put("id", run.eventId());
        event.put("name", run.eventName());
        raw(event, "payload", run.payload());
        raw(event, "context", run.context());
        event.put("timestamp", run.timestamp().toString());
        body.putObject("job").put("id", run.jobSlug()).put("version", run.version());
        body.putObject("run")
                .put("id", run.runId().toString())
                .put("isTest", run.isTest())
                .put("isRetry", false)
                .put("startedAt", Instant.now().toString());
        body.putObject("environment")
                .put("id", run.environmentId().toString())
                .put("slug", run.environmentSlug())
                .put("type", run.environmentType());
        body.putObject("organization")
                .put("id", run.organizationId().toString())
                .put("title", run.organizationTitle())
                .put("slug", run.organizationSlug());
        body.putObject("project")
                .put("id", run.projectId().toString())
                .put("name", run.projectName())
                .put("slug", run.projectSlug());
        if (run.accountIdentifier() != null) {
            ObjectNode account = body.putObject("account").put("id", run.accountIdentifier());
            raw(account, "metadata", run.accountMetadata());
        }
        if (run.sourceContext() != null) {
            // A schedule's tick: the schedule source ({id, metadata}), the job's ctx.source.
            raw(body, "source", run.sourceContext());
        }
        addTasks(json, body, completed);
        ArrayNode yielded = body.putArray("yieldedExecutions");
        run.yieldedExecutions().forEach(yielded::add);
        body.put("runChunkExecutionLimit", chunkLimitMs);
        return body.toString();
    }

    /** Stops at the first task that does not fit: the cursor then names it, and nothing is skipped. */
    private static void addTasks(ObjectMapper json, ObjectNode body, List<CachedTask> completed) {
        ArrayNode tasks = json.createArrayNode();
        BloomFilter noops = new BloomFilter();
        int budget = CACHE_BUDGET;
        String cursor = null;
        for (CachedTask task : completed) {
            if (task.noop()) {
                noops.add(task.idempotencyKey());
                continue;
            }
            if (cursor != null) {
                continue;
            }
            if (!task.withinBudget()) {
                cursor = task.id().toString();
                continue;
            }
            ObjectNode cached = json.createObjectNode()
                    .put("id", task.idempotencyKey())
                    .put("idempotencyKey", task.idempotencyKey())
                    .put("status", "COMPLETED")
                    .put("noop", false);
            if (task.output() != null) {
                raw(cached, "output", task.output());
            }
            cached.put(
                    "parentId", task.parentId() == null ? null : task.parentId().toString());
            int size = cached.toString().length();
            if (size > budget) {
                cursor = task.id().toString();
                continue;
            }
            budget -= size;
            tasks.add(cached);
        }
        body.set("tasks", tasks);
        if (cursor != null) {
            body.put("cachedTaskCursor", cursor);
        }
        // Optional: an empty filter (no noop task completed yet) is 5.4 kB of Base64 that says nothing.
        if (!noops.isEmpty()) {
            body.put("noopTasksSet", noops.serialize());
        }
    }

    private static void raw(ObjectNode node, String field, String storedJson) {
        if (storedJson == null) {
            node.putNull(field);
        } else {
            node.putRawValue(field, new RawValue(storedJson));
        }
    }
}
