package io.kongflow.jobs.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import io.kongflow.jobs.execution.TaskWaits.Ending;
import io.kongflow.jobs.persistence.Postgres;
import io.kongflow.jobs.support.Api;
import io.kongflow.jobs.support.Database;
import io.kongflow.jobs.support.Fixtures;
import io.kongflow.jobs.support.OnVertx;
import io.kongflow.jobs.support.Tenants;
import io.kongflow.jobs.support.Tenants.Tenant;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A task ended from outside an execution resumes the run that waits for it, once: not a run that
 * waits for another task, nor one that is executing, and a repeat changes nothing.
 */
@QuarkusTest
class TaskWaitsTest {

    final Database database = Database.shared();

    @Inject
    Postgres postgres;

    @Inject
    TaskWaits waits;

    @Test
    void theTaskARunWaitsForEndsOnceAndMakesTheRunDue() {
        UUID run = queuedRun();
        UUID task = task(run, "WAITING");
        waitFor(run, task);

        assertEquals(
                Boolean.TRUE,
                end(
                        task,
                        Ending.COMPLETED,
                        JsonNodeFactory.instance.objectNode().put("ok", 1)));

        Row stored = database.query("SELECT status, output::text, completed_at FROM job_tasks WHERE id = $1", task)
                .get(0);
        assertEquals("COMPLETED", stored.getString(0));
        assertEquals("{\"ok\": 1}", stored.getString(1));
        assertEquals(
                "COMPLETED",
                database.query("SELECT status FROM job_task_attempts WHERE task_id = $1", task)
                        .get(0)
                        .getString(0));
        Row resumed = database.query(
                        "SELECT status, next_execution_at <= now(), waiting_for_task_id FROM job_runs WHERE id = $1",
                        run)
                .get(0);
        assertEquals("WAITING_TO_CONTINUE", resumed.getString(0));
        assertTrue(resumed.getBoolean(1), "due now");
        assertNull(resumed.getUUID(2));

        assertEquals(Boolean.FALSE, end(task, Ending.ERRORED, TextNode.valueOf("late"), "late"));
        assertEquals(
                "COMPLETED",
                database.query("SELECT status FROM job_tasks WHERE id = $1", task)
                        .get(0)
                        .getString(0),
                "a repeat changes nothing");
    }

    @Test
    void anErroredTaskKeepsItsErrorAndResumesTheRun() {
        UUID run = queuedRun();
        UUID task = task(run, "WAITING");
        waitFor(run, task);

        assertEquals(Boolean.TRUE, end(task, Ending.ERRORED, TextNode.valueOf("timed out"), "timed out"));

        Row stored = database.query("SELECT status, error, output::text FROM job_tasks WHERE id = $1", task)
                .get(0);
        assertEquals("ERRORED", stored.getString(0));
        assertEquals("timed out", stored.getString(1));
        assertEquals("\"timed out\"", stored.getString(2));
        assertTrue(database.query("SELECT next_execution_at <= now() FROM job_runs WHERE id = $1", run)
                .get(0)
                .getBoolean(0));
    }

    @Test
    void aRunWaitingForAnotherTaskOrExecutingIsLeftAlone() {
        UUID run = queuedRun();
        UUID awaited = task(run, "WAITING");
        UUID other = task(run, "RUNNING");
        waitFor(run, awaited);

        assertEquals(Boolean.TRUE, end(other, Ending.COMPLETED, null));
        Row waiting = database.query("SELECT next_execution_at, waiting_for_task_id FROM job_runs WHERE id = $1", run)
                .get(0);
        assertNull(waiting.getValue(0), "still waiting");
        assertEquals(awaited, waiting.getUUID(1));

        database.query("UPDATE job_runs SET status = 'EXECUTING' WHERE id = $1", run);
        assertEquals(Boolean.TRUE, end(awaited, Ending.COMPLETED, null));
        assertNull(
                database.query("SELECT next_execution_at FROM job_runs WHERE id = $1", run)
                        .get(0)
                        .getValue(0),
                "an executing run reads the ended task when its answer is written");
    }

    @Test
    void anUnknownTaskEndsNothing() {
        assertNull(end(UUID.randomUUID(), Ending.COMPLETED, null));
    }

    private Boolean end(UUID task, Ending ending, com.fasterxml.jackson.databind.JsonNode output) {
        return end(task, ending, output, null);
    }

    private Boolean end(UUID task, Ending ending, com.fasterxml.jackson.databind.JsonNode output, String error) {
        return OnVertx.await(() -> postgres.transaction(sql -> waits.end(sql, task, ending, output, error)));
    }

    private UUID queuedRun() {
        Tenant tenant = Tenants.create();
        Api.endpoint(tenant, "app");
        Api.register(tenant, "app", Fixtures.job("index-a", "user-signup")).statusCode(201);
        String id = Api.as(tenant)
                .body(Map.of("payload", Map.of()))
                .post("/api/v1/jobs/{job}/test", "user-signup")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        return UUID.fromString(id);
    }

    private UUID task(UUID run, String status) {
        UUID task = database.query(
                        "INSERT INTO job_tasks (run_id, idempotency_key, name, status, noop) VALUES ($1, $2, 'hook', $3,"
                                + " false) RETURNING id",
                        run,
                        UUID.randomUUID().toString(),
                        status)
                .get(0)
                .getUUID(0);
        database.query("INSERT INTO job_task_attempts (task_id, number) VALUES ($1, 1)", task);
        return task;
    }

    private void waitFor(UUID run, UUID task) {
        database.query(
                "UPDATE job_runs SET status = 'WAITING_TO_CONTINUE', next_execution_at = NULL, waiting_for_task_id = $2"
                        + " WHERE id = $1",
                run,
                task);
    }
}
