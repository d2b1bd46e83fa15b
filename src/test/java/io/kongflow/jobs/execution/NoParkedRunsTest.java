package io.kongflow.jobs.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kongflow.jobs.support.Api;
import io.kongflow.jobs.support.Database;
import io.kongflow.jobs.support.FakeEndpoint;
import io.kongflow.jobs.support.FakeEndpoint.Reply;
import io.kongflow.jobs.support.Fixtures;
import io.kongflow.jobs.support.Tenants;
import io.kongflow.jobs.support.Tenants.Tenant;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Row;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every answer an SDK endpoint can give, arriving in every state the run may be in by then, leaves
 * the run final, executing, or due at a time a claim will find: never parked where no claim or
 * route looks. Each case's endpoint holds its first EXECUTE_JOB until the test has put the run in
 * the case's state, then gives the case's answer, and answers SUCCESS to any later execution; a
 * run that was not parked therefore always reaches a final status, with its slot given back.
 */
@QuarkusTest
@TestProfile(NoParkedRunsTest.ShortRequestTimeout.class)
class NoParkedRunsTest {

    /** Executions of one run before it fails (the default, stated so the test can name it). */
    private static final int MAX_EXECUTIONS = 1000;

    /** The worker on; an endpoint that has not answered within 1.5 s has timed out. */
    public static class ShortRequestTimeout extends ExecutionOn {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
            overrides.put("kongflow.execution.request-timeout", "1500ms");
            overrides.put("kongflow.execution.chunk-limit", "1s");
            overrides.put("kongflow.execution.max-executions", Integer.toString(MAX_EXECUTIONS));
            return overrides;
        }
    }

    /** The state the run is in when the answer arrives. */
    enum State {
        /** Still executing on the replica that called the endpoint. */
        EXECUTING,
        /** Cancelled through the API while the endpoint was working. */
        CANCELLED_MEANWHILE,
        /** Another replica took the run over (the caller's lease was lost); its lease then expires too. */
        TAKEN_OVER
    }

    /** An answer, and the status it leads to when it arrives while the run is still executing. */
    record Answer(String name, Reply reply, String endsWhenExecuting, String messageContains) {}

    private static final String SUCCESS = "{\"status\":\"SUCCESS\",\"output\":{\"done\":true}}";

    // Stand for a callback task the case creates through the tasks API once its run exists.
    private static final String CALLBACK_TASK = "%callback-task%";
    private static final String CALLBACK_URL = "%callback-url%";

    private static List<Answer> answers() {
        String task = UUID.randomUUID().toString();
        String soon = Instant.now().plusMillis(300).toString();
        return List.of(
                answer("SUCCESS", SUCCESS, "SUCCESS", null),
                answer("ERROR", "{\"status\":\"ERROR\",\"error\":{\"message\":\"boom\"}}", "FAILURE", "boom"),
                answer(
                        "RETRY_WITH_TASK",
                        "{\"status\":\"RETRY_WITH_TASK\",\"task\":{\"id\":\"" + task
                                + "\"},\"error\":{\"message\":\"flaky\"},\"retryAt\":\"" + soon + "\"}",
                        "SUCCESS",
                        null),
                answer(
                        "RESUME_WITH_TASK with a delay",
                        "{\"status\":\"RESUME_WITH_TASK\",\"task\":{\"id\":\"" + task + "\",\"delayUntil\":\"" + soon
                                + "\"}}",
                        "SUCCESS",
                        null),
                // The run waits for its callback task; the test then POSTs to the task's callback URL.
                answer(
                        "RESUME_WITH_TASK with a callback",
                        "{\"status\":\"RESUME_WITH_TASK\",\"task\":{\"id\":\"" + CALLBACK_TASK
                                + "\",\"name\":\"hook\",\"callbackUrl\":\"" + CALLBACK_URL + "\"}}",
                        "SUCCESS",
                        null),
                answer(
                        // A background fetch ends the task and resumes the run; one the run does not have fails it.
                        "RESUME_WITH_TASK with an operation on a task the run does not have",
                        "{\"status\":\"RESUME_WITH_TASK\",\"task\":{\"id\":\"" + task
                                + "\",\"name\":\"fetch\",\"operation\":\"fetch-response\"}}",
                        "FAILURE",
                        "which is not a task of this run"),
                answer(
                        "RESUME_WITH_PARALLEL_TASK",
                        "{\"status\":\"RESUME_WITH_PARALLEL_TASK\",\"task\":{\"id\":\"" + task
                                + "\"},\"childErrors\":[]}",
                        "SUCCESS",
                        null),
                answer("CANCELED", "{\"status\":\"CANCELED\",\"task\":{\"id\":\"" + task + "\"}}", "CANCELED", null),
                answer("YIELD_EXECUTION", "{\"status\":\"YIELD_EXECUTION\",\"key\":\"k1\"}", "SUCCESS", null),
                answer(
                        "AUTO_YIELD_EXECUTION",
                        "{\"status\":\"AUTO_YIELD_EXECUTION\",\"location\":\"x\",\"timeRemaining\":1,\"timeElapsed\":1}",
                        "SUCCESS",
                        null),
                answer(
                        "AUTO_YIELD_EXECUTION_WITH_COMPLETED_TASK",
                        "{\"status\":\"AUTO_YIELD_EXECUTION_WITH_COMPLETED_TASK\",\"id\":\"" + task
                                + "\",\"properties\":[],\"output\":\"{\\\"a\\\":1}\",\"data\":{}}",
                        "SUCCESS",
                        null),
                answer("AUTO_YIELD_RATE_LIMIT", "{\"status\":\"AUTO_YIELD_RATE_LIMIT\",\"reset\":1}", "SUCCESS", null),
                answer(
                        "INVALID_PAYLOAD",
                        "{\"status\":\"INVALID_PAYLOAD\",\"errors\":[{\"path\":[\"n\"],\"message\":\"bad\"}]}",
                        "INVALID_PAYLOAD",
                        null),
                answer(
                        "UNRESOLVED_AUTH_ERROR",
                        "{\"status\":\"UNRESOLVED_AUTH_ERROR\",\"issues\":{}}",
                        "UNRESOLVED_AUTH",
                        null),
                new Answer("a 4xx", Reply.json(404, "{\"message\":\"Job not found\"}"), "FAILURE", "Job not found"),
                new Answer("a 5xx", new Reply(500, Map.of(), null, 0), "SUCCESS", null),
                new Answer(
                        "a timeout",
                        new Reply(200, Map.of("content-type", "application/json"), SUCCESS, 3_000),
                        "SUCCESS",
                        null),
                answer(
                        "SUCCESS with a NUL in its output",
                        "{\"status\":\"SUCCESS\",\"output\":\"a\\u0000b\"}",
                        "FAILURE",
                        "The endpoint's answer could not be stored: it contains a NUL character"),
                answer(
                        "ERROR with a NUL in its error",
                        "{\"status\":\"ERROR\",\"error\":{\"message\":\"a\\u0000b\"}}",
                        "FAILURE",
                        "The endpoint's answer could not be stored"));
    }

    private static Answer answer(String name, String body, String endsWhenExecuting, String messageContains) {
        return new Answer(name, Reply.json(200, body), endsWhenExecuting, messageContains);
    }

    final Database database = Database.shared();

    private Tenant tenant;

    @BeforeEach
    void tenant() {
        tenant = Tenants.create();
        // Runs other tests left due would take the worker's attention: set them aside.
        database.query(
                "UPDATE job_runs SET next_execution_at = now() + interval '1 day'"
                        + " WHERE environment_id <> $1::uuid AND next_execution_at <= now()",
                tenant.environmentId());
    }

    @Test
    void everyAnswerInEveryStateLeavesTheRunFinalExecutingOrDue() {
        List<String> parked = new ArrayList<>();
        int n = 0;
        for (Answer answer : answers()) {
            for (State state : State.values()) {
                String problem = play(n++, answer, state);
                if (problem != null) {
                    parked.add(answer.name() + " while " + state + ": " + problem);
                }
            }
        }
        assertEquals(List.of(), parked);
    }

    @Test
    void executionsWhoseAnswersAreLostStillEndTheRunAtMaxExecutions() {
        Case played = start(1000, Reply.json(200, SUCCESS));
        // Its answers were lost max-executions − 1 times already; another replica holds it, and dies.
        database.query("""
                UPDATE job_runs SET execution_count = $2, execution_token = execution_token + 1,
                    lease_owner = 'another-replica', lease_expires_at = now() - interval '1 second'
                WHERE id = $1::uuid""", played.run(), MAX_EXECUTIONS - 1);
        played.release().countDown();
        Row row = awaitFinal(played.run());
        assertEquals("FAILURE", row.getString("status"), "taking the lease over counted the lost execution");
        assertTrue(row.getString("output").contains("Run was executed more than"), row.getString("output"));
        assertEquals(1, played.calls().get(), "not executed again");
        assertEquals(MAX_EXECUTIONS, row.getInteger("execution_count"));
    }

    /** A run whose endpoint holds its first execution until {@code release}; answers {@code first} then. */
    private record Case(String run, CountDownLatch release, AtomicInteger calls) {}

    private Case start(int n, Reply first) {
        return start(n, () -> first);
    }

    private Case start(int n, java.util.function.Supplier<Reply> first) {
        CountDownLatch received = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        String url = FakeEndpoint.serve(tenant.apiKey(), action -> {
            if (!"EXECUTE_JOB".equals(action)) {
                return Reply.json(200, "{\"ok\":true}");
            }
            if (calls.incrementAndGet() > 1) {
                return Reply.json(200, SUCCESS);
            }
            received.countDown();
            try {
                release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return first.get();
        });
        String endpoint = "answers-" + n;
        String job = "answers-job-" + n;
        Api.endpoint(tenant, endpoint, url);
        Api.register(tenant, endpoint, Fixtures.signup(job, "1.0.0")).statusCode(201);
        String run = Api.as(tenant)
                .body(Map.of("payload", Map.of()))
                .post("/api/v1/jobs/{slug}/test", job)
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        try {
            assertTrue(received.await(20, TimeUnit.SECONDS), "the run was executed");
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        return new Case(run, release, calls);
    }

    /** Plays one case; answers what is wrong with how the run ended, or null. */
    private String play(int n, Answer answer, State state) {
        java.util.concurrent.atomic.AtomicReference<Reply> reply =
                new java.util.concurrent.atomic.AtomicReference<>(answer.reply());
        Case played = start(n, reply::get);
        String callbackUrl = null;
        if (String.valueOf(answer.reply().body()).contains(CALLBACK_TASK)) {
            io.restassured.path.json.JsonPath task = Api.as(tenant)
                    .body(Map.of("idempotencyKey", "hook", "name", "hook", "callback", Map.of("enabled", true)))
                    .post("/api/v1/runs/{id}/tasks", played.run())
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            callbackUrl = task.getString("callbackUrl");
            reply.set(Reply.json(
                    200,
                    answer.reply()
                            .body()
                            .replace(CALLBACK_TASK, task.getString("id"))
                            .replace(CALLBACK_URL, callbackUrl)));
        }
        String expected = answer.endsWhenExecuting();
        switch (state) {
            case EXECUTING -> {}
            case CANCELLED_MEANWHILE -> {
                Api.as(tenant)
                        .post("/api/v1/runs/{id}/cancel", played.run())
                        .then()
                        .statusCode(200);
                expected = "CANCELED";
            }
            case TAKEN_OVER -> {
                database.query("""
                        UPDATE job_runs SET execution_token = execution_token + 1, lease_owner = 'another-replica',
                            lease_expires_at = now() + interval '300 milliseconds'
                        WHERE id = $1::uuid""", played.run());
                expected = "SUCCESS";
            }
        }
        played.release().countDown();
        if (callbackUrl != null && state == State.EXECUTING) {
            // The run waits for its task, and continues when the task's callback URL is POSTed to.
            long deadline = System.nanoTime() + 15_000_000_000L;
            while (database.count(
                                    "SELECT count(*) FROM job_runs WHERE id = $1::uuid AND waiting_for_task_id IS NOT NULL"
                                            + " AND status = 'WAITING_TO_CONTINUE' AND next_execution_at IS NULL",
                                    played.run())
                            == 0
                    && System.nanoTime() < deadline) {
                LockSupport.parkNanos(20_000_000);
            }
            if (runRow(played.run()).getBoolean("final")) {
                return "ended before its callback task did";
            }
            io.restassured.RestAssured.given()
                    .contentType("application/json")
                    .body("{\"hook\": true}")
                    .post(java.net.URI.create(callbackUrl))
                    .then()
                    .statusCode(200);
        }
        Row row = awaitFinal(played.run());
        if (row == null) {
            Row now = runRow(played.run());
            return "parked: " + now.getString("status") + ", next execution " + now.getValue("next_execution_at")
                    + ", lease " + now.getValue("lease_expires_at");
        }
        List<String> wrong = new ArrayList<>();
        if (!expected.equals(row.getString("status"))) {
            wrong.add("ended " + row.getString("status") + " (" + row.getString("output") + "), expected " + expected);
        }
        if (state == State.EXECUTING
                && answer.messageContains() != null
                && !String.valueOf(row.getString("output")).contains(answer.messageContains())) {
            wrong.add("output " + row.getString("output") + " does not say \"" + answer.messageContains() + "\"");
        }
        if (state == State.CANCELLED_MEANWHILE && played.calls().get() != 1) {
            wrong.add("a cancelled run was executed again");
        }
        if (state == State.TAKEN_OVER && row.getInteger("execution_count") != 2) {
            wrong.add("counted " + row.getInteger("execution_count")
                    + " executions, expected 2 (the lost one, counted by the take-over, and the next)");
        }
        return wrong.isEmpty() ? null : String.join("; ", wrong);
    }

    /** The run's row once it is final with its slot given back (and its queue's count with it), or null after 15 s. */
    private Row awaitFinal(String run) {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (System.nanoTime() < deadline) {
            Row row = runRow(run);
            if (row.getBoolean("final") && !row.getBoolean("holds_slot") && row.getInteger("job_count") == 0) {
                return row;
            }
            LockSupport.parkNanos(20_000_000);
        }
        return null;
    }

    private Row runRow(String run) {
        return database.query("""
                        SELECT r.status, CAST(r.output AS text) AS output, r.holds_slot, r.execution_count,
                            r.next_execution_at, r.lease_expires_at, q.job_count,
                            r.status = ANY(ARRAY['SUCCESS', 'FAILURE', 'TIMED_OUT', 'ABORTED', 'CANCELED',
                                'UNRESOLVED_AUTH', 'INVALID_PAYLOAD']) AS final
                        FROM job_runs r JOIN job_queues q ON q.id = r.queue_id WHERE r.id = $1::uuid""", run).get(0);
    }
}
