package io.kongflow.jobs.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kongflow.jobs.execution.TaskViews.CachedTasks;
import io.kongflow.jobs.persistence.Parameters;
import io.kongflow.jobs.persistence.Postgres;
import io.kongflow.jobs.support.Api;
import io.kongflow.jobs.support.Database;
import io.kongflow.jobs.support.Fixtures;
import io.kongflow.jobs.support.Tenants;
import io.kongflow.jobs.support.Tenants.Tenant;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A run with more completed task output than an EXECUTE_JOB carries: only the outputs within the
 * body's byte budget leave the database (the others are named, for the cursor and the bloom
 * filter), and the SDK's cache pages likewise read only what fits their budget.
 */
@QuarkusTest
class CachedTaskBudgetTest {

    private static final int TASKS = 12;
    private static final int OUTPUT_CHARS = 1_000_000;

    final Database database = Database.shared();

    @Inject
    Postgres postgres;

    @Inject
    ObjectMapper json;

    @Inject
    TaskCache cache;

    @Test
    void onlyTheOutputsWithinTheBudgetAreRead() throws Exception {
        UUID run = runWithLargeOutputs();

        List<CachedTask> tasks = postgres.statements()
                .list(
                        CachedTask.COMPLETED,
                        CachedTask.budget(ExecutionBody.CACHE_BUDGET).and("runId", run),
                        CachedTask::from)
                .await()
                .indefinitely();
        assertEquals(TASKS, tasks.size(), "every completed task is named");
        List<String> read = tasks.stream()
                .filter(task -> task.output() != null)
                .map(CachedTask::idempotencyKey)
                .toList();
        // About 1 MB each: three fit the 3.5 MB budget, the nine others (a noop among them) are not read.
        assertEquals(List.of("task-1", "task-2", "task-3"), read);

        RunContext context = postgres.statements()
                .first(RunContext.LOAD, Parameters.with("runId", run), RunContext::from)
                .await()
                .indefinitely();
        JsonNode body = json.readTree(ExecutionBody.build(json, context, tasks, 30_000));
        assertEquals(3, body.get("tasks").size());
        assertEquals(
                id(run, "task-4"), body.get("cachedTaskCursor").asText(), "the SDK pages on from the first not sent");
        assertTrue(body.has("noopTasksSet"), "the noop past the budget is in the bloom filter");

        // A page (2 MB) from the cursor: one output read and sent, the page ends at the next task.
        CachedTasks page = cache.page(run, id(run, "task-4")).await().indefinitely();
        assertEquals(1, page.tasks().size());
        assertEquals("task-4", page.tasks().get(0).get("idempotencyKey").asText());
        assertEquals(id(run, "task-6"), page.cursor(), "task-5 is a noop, never paged");
    }

    /** An invoked run (the worker is off in this profile) with 12 completed tasks of 1 MB of output, the 5th a noop. */
    private UUID runWithLargeOutputs() {
        Tenant tenant = Tenants.create();
        Api.endpoint(tenant, "app");
        Api.register(tenant, "app", Fixtures.job("index-a", "user-signup")).statusCode(201);
        String run = Api.as(tenant)
                .body(Map.of("payload", Map.of()))
                .post("/api/v1/jobs/user-signup/invoke")
                .then()
                .statusCode(200)
                .extract()
                .path("id");
        database.query("""
                INSERT INTO job_tasks (run_id, idempotency_key, name, status, noop, output, output_is_undefined)
                SELECT $1::uuid, 'task-' || i, 'Task ' || i, 'COMPLETED', i = 5,
                    CASE WHEN i <> 5 THEN jsonb_build_object('blob', repeat('x', $2)) END, i = 5
                FROM generate_series(1, $3) i""", run, OUTPUT_CHARS, TASKS);
        return UUID.fromString(run);
    }

    private String id(UUID run, String key) {
        return database.query(
                        "SELECT id FROM job_tasks WHERE run_id = $1::uuid AND idempotency_key = $2",
                        run.toString(),
                        key)
                .get(0)
                .getUUID(0)
                .toString();
    }
}
