package io.kongflow.jobs.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kongflow.jobs.execution.TaskViews.CachedTasks;
import io.kongflow.jobs.persistence.Postgres;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The lazy pages of a run's completed tasks the SDK asks for with its cursor (inclusive). */
@ApplicationScoped
class TaskCache {

    static final int PAGE = 250;
    static final int BUDGET = 2_000_000;

    private final Postgres postgres;
    private final ObjectMapper json;

    TaskCache(Postgres postgres, ObjectMapper json) {
        this.postgres = postgres;
        this.json = json;
    }

    /** An unknown or malformed cursor gives an empty page: the SDK then simply asks us for each task. */
    Uni<CachedTasks> page(UUID runId, String cursor) {
        try {
            UUID.fromString(cursor);
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().item(new CachedTasks(List.of(), null));
        }
        return postgres.statements()
                .list(
                        CachedTask.PAGE,
                        CachedTask.budget(BUDGET)
                                .and("runId", runId)
                                .and("cursor", cursor)
                                .and("limit", PAGE + 1),
                        CachedTask::from)
                .map(this::page);
    }

    private CachedTasks page(List<CachedTask> tasks) {
        List<JsonNode> included = new ArrayList<>();
        int budget = BUDGET;
        for (CachedTask task : tasks) {
            if (included.size() == PAGE || !task.withinBudget()) {
                return new CachedTasks(included, task.id().toString());
            }
            ObjectNode cached = json.createObjectNode()
                    .put("id", task.idempotencyKey())
                    .put("idempotencyKey", task.idempotencyKey())
                    .put("status", "COMPLETED")
                    .put("noop", false);
            if (task.output() != null) {
                cached.set("output", TaskRows.parse(json, task.output()));
            }
            cached.put(
                    "parentId", task.parentId() == null ? null : task.parentId().toString());
            int size = cached.toString().length();
            if (size > budget) {
                return new CachedTasks(included, task.id().toString());
            }
            budget -= size;
            included.add(cached);
        }
        return new CachedTasks(included, null);
    }
}
