package io.kongflow.jobs.execution;

import static io.kongflow.jobs.support.Prometheus.metrics;
import static io.kongflow.jobs.support.Prometheus.sample;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kongflow.jobs.support.Api;
import io.kongflow.jobs.support.Database;
import io.kongflow.jobs.support.NeededTools;
import io.kongflow.jobs.support.RunWaits;
import io.kongflow.jobs.support.SdkEndpoint;
import io.kongflow.jobs.support.Tenants;
import io.kongflow.jobs.support.Tenants.Tenant;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Runs of a real {@code @trigger.dev/sdk@2.3.18} app execute on its endpoint, through the HTTP API. */
@QuarkusTest
@TestProfile(ExecutionOn.class)
class RealSdkExecutionTest {

    private static final String ENDPOINT_ID = "kongflow-exec-test";

    private static Tenant tenant;
    private static SdkEndpoint endpoint;

    final Database database = Database.shared();

    @BeforeAll
    static void requireNode() {
        NeededTools.require("the real SDK endpoint runs on Node.js", "node", "npm");
    }

    /** Once, after the service is up (its port is known only then). */
    @BeforeEach
    void startEndpoint() throws Exception {
        if (endpoint != null) {
            return;
        }
        tenant = Tenants.create();
        endpoint = SdkEndpoint.executing(tenant, ENDPOINT_ID);
    }

    @AfterAll
    static void stopEndpoint() throws Exception {
        if (endpoint != null) {
            endpoint.close();
        }
    }

    @Test
    void anInvokedJobRunsToSuccessWithItsOutput() {
        String run = invoke("exec-hello", Map.of("name", "kong"));
        assertEquals("SUCCESS", awaitFinal(run));
        assertEquals("{\"hello\": \"kong\"}", database.runOutput(run));
    }

    @Test
    void aTestRunExecutesToo() {
        String run = Api.as(tenant)
                .body(Map.of("payload", Map.of("name", "tester")))
                .post("/api/v1/jobs/exec-hello/test")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        assertEquals("SUCCESS", awaitFinal(run));
        assertEquals("{\"hello\": \"tester\"}", database.runOutput(run));
    }

    @Test
    void aJobThatThrowsFailsWithItsError() {
        String run = invoke("exec-throws", Map.of());
        assertEquals("FAILURE", awaitFinal(run));
        assertTrue(database.runOutput(run).contains("\"message\": \"boom\""), database.runOutput(run));
    }

    @Test
    void aBadPayloadForASchemaIsInvalidPayload() {
        String run = invoke("exec-zod", Map.of("n", "not a number"));
        assertEquals("INVALID_PAYLOAD", awaitFinal(run));
        assertTrue(database.runOutput(run).contains("\"path\": [\"n\"]"), database.runOutput(run));
        String good = invoke("exec-zod", Map.of("n", 21));
        assertEquals("SUCCESS", awaitFinal(good));
        assertEquals("{\"doubled\": 42}", database.runOutput(good));
    }

    @Test
    void aQueueOfTwoNeverHasMoreThanTwoExecutionsInFlight() {
        // Invoked all at once: a run that starts on its wake-up must still find the queue busy.
        java.util.concurrent.ExecutorService invokers = java.util.concurrent.Executors.newFixedThreadPool(12);
        List<String> runs;
        try {
            List<java.util.concurrent.Future<String>> invoked = new java.util.ArrayList<>();
            for (int i = 0; i < 12; i++) {
                int n = i;
                invoked.add(invokers.submit(() -> invoke("exec-slow", Map.of("i", n))));
            }
            runs = new java.util.ArrayList<>();
            for (java.util.concurrent.Future<String> run : invoked) {
                runs.add(run.get());
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            invokers.shutdown();
        }
        runs.forEach(run -> assertEquals("SUCCESS", awaitFinal(run)));
        // Most of them were started by a hand-over (no claim of their own): each got its own payload and id.
        for (int i = 0; i < runs.size(); i++) {
            assertEquals(
                    "{\"i\": " + i + ", \"run\": \"" + runs.get(i) + "\", \"slow\": true}",
                    database.runOutput(runs.get(i)));
        }
        int max = RestAssured.given().get(endpoint.statsUrl()).then().extract().path("maxInFlight");
        assertEquals(2, max, "the endpoint saw at most (and, with 12 runs, exactly) 2 slow runs at once");
        assertEquals(0, database.count("""
                SELECT COALESCE(sum(q.job_count), 0) FROM job_queues q WHERE q.environment_id = $1::uuid""", tenant.environmentId()));
    }

    @Test
    void aJobWithLogsTasksAWaitARetryAndATryRunsEachTaskOnce() {
        String run = invoke("exec-tasks", Map.of());
        assertEquals("SUCCESS", awaitFinal(run));
        String output = database.runOutput(run);
        assertTrue(output.contains("\"first\": {\"a\": 1}"), output);
        assertTrue(output.contains("\"flaky\": {\"attempt\": 2}"), output);
        assertTrue(output.contains("\"caught\": \"caught me\""), output);
        List<String> tasks =
                database.query("""
                        SELECT t.name || ':' || t.status || ':' || (SELECT count(*) FROM job_task_attempts a WHERE a.task_id = t.id)
                        FROM job_tasks t WHERE t.run_id = $1::uuid ORDER BY t.seq""", run).stream().map(row -> row.getString(0)).toList();
        assertEquals(
                List.of(
                        "log:COMPLETED:1",
                        "Step 1:COMPLETED:1",
                        "wait:COMPLETED:1",
                        "Flaky:COMPLETED:2",
                        "Fails:ERRORED:1"),
                tasks);
        assertExecutionsRecorded(run);
        Api.as(tenant)
                .get("/api/v2/runs/{id}", run)
                .then()
                .statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("SUCCESS"))
                .body("output.first.a", org.hamcrest.Matchers.equalTo(1))
                .body("tasks.name", org.hamcrest.Matchers.contains("log", "Step 1", "wait", "Flaky", "Fails"))
                .body("tasks[1].displayKey", org.hamcrest.Matchers.equalTo("step-1"))
                .body("statuses", org.hamcrest.Matchers.empty());
        Api.as(tenant)
                .get("/api/v2/runs/{id}?take=2", run)
                .then()
                .body("tasks.name", org.hamcrest.Matchers.contains("log", "Step 1"))
                .body("nextCursor", org.hamcrest.Matchers.notNullValue());
    }

    @Test
    void statusesOfARunAreStoredAndShownByGetRunAndGetRunStatuses() {
        String run = invoke("exec-status", Map.of());
        assertEquals("SUCCESS", awaitFinal(run));
        String done = "{\"key\": \"progress\", \"data\": {\"p\": 0.1}, \"label\": \"Done\", \"state\": \"success\", "
                + "\"history\": [{\"data\": {\"p\": 0.1}, \"label\": \"Working\", \"state\": \"loading\"}]}";
        assertEquals(
                "{\"updated\": " + done + "}", database.runOutput(run), "the SDK got the record its zod schema parses");
        Api.as(tenant)
                .get("/api/v2/runs/{id}/statuses", run)
                .then()
                .statusCode(200)
                .body("run.id", org.hamcrest.Matchers.equalTo(run))
                .body("run.status", org.hamcrest.Matchers.equalTo("SUCCESS"))
                .body("run.output.updated.label", org.hamcrest.Matchers.equalTo("Done"))
                .body("statuses.key", org.hamcrest.Matchers.contains("progress"))
                .body("statuses[0].state", org.hamcrest.Matchers.equalTo("success"))
                .body("statuses[0].data.p", org.hamcrest.Matchers.equalTo(0.1f))
                .body("statuses[0].history[0].label", org.hamcrest.Matchers.equalTo("Working"));
        Api.as(tenant)
                .get("/api/v2/runs/{id}?taskdetails=true", run)
                .then()
                .statusCode(200)
                .body("statuses[0].label", org.hamcrest.Matchers.equalTo("Done"))
                .body("tasks.name", org.hamcrest.Matchers.contains("Working", "Done"))
                .body("tasks[0].params.label", org.hamcrest.Matchers.equalTo("Working"))
                .body("tasks[1].output.label", org.hamcrest.Matchers.equalTo("Done"));
        Api.as(tenant)
                .get("/api/v1/runs/{id}", run)
                .then()
                .statusCode(200)
                .body("output.updated.state", org.hamcrest.Matchers.equalTo("success"))
                .body("tasks.name", org.hamcrest.Matchers.contains("Working", "Done"))
                .body("tasks.status", org.hamcrest.Matchers.contains("COMPLETED", "COMPLETED"))
                .body("tasks.attempts", org.hamcrest.Matchers.contains(1, 1))
                .body("tasks[0].completedAt", org.hamcrest.Matchers.notNullValue());
        Tenant other = Tenants.create();
        Api.as(other).get("/api/v2/runs/{id}/statuses", run).then().statusCode(404);
        Api.as(other)
                .body(Map.of("label", "x"))
                .put("/api/v1/runs/{id}/statuses/s", run)
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        for (Object bad : List.of(Map.of("data", List.of(1)), Map.of("state", "done"), Map.of("label", 5))) {
            Api.as(tenant)
                    .body(bad)
                    .put("/api/v1/runs/{id}/statuses/s", run)
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json");
        }
        Api.as(tenant)
                .get("/api/v2/runs/{id}/statuses", run)
                .then()
                .body("statuses.key", org.hamcrest.Matchers.contains("progress"));
    }

    @Test
    void getRunNestsSubtasksAndPagesThem() {
        String run = invoke("exec-tasks", Map.of());
        assertEquals("SUCCESS", awaitFinal(run));
        Api.as(tenant)
                .get("/api/v2/runs/{id}?subtasks=true&taskdetails=false", run)
                .then()
                .statusCode(200)
                .body("tasks[1]", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasKey("subtasks")))
                .body("tasks[1].output", org.hamcrest.Matchers.nullValue());
        Api.as(tenant)
                .get("/api/v1/runs/{id}", run)
                .then()
                .body("tasks.name", org.hamcrest.Matchers.contains("log", "Step 1", "wait", "Flaky", "Fails"))
                .body("tasks.find { it.name == 'Flaky' }.status", org.hamcrest.Matchers.equalTo("COMPLETED"))
                .body("tasks.find { it.name == 'Fails' }.output.message", org.hamcrest.Matchers.equalTo("caught me"));
    }

    @Test
    void runsExecutionsAndEndpointFailuresAreCounted() {
        onlyThisTenantsRunsAreLeft();
        double succeeded = sample("kongflow_runs_total", "status=\"SUCCESS\"");
        double failed = sample("kongflow_runs_total", "status=\"FAILURE\"");
        double cancelled = sample("kongflow_runs_total", "status=\"CANCELED\"");
        double executions = sample("kongflow_run_execution_seconds_count", "");
        double clientErrors = sample("kongflow_endpoint_call_failures_total", "kind=\"client_error\"");
        assertTrue(
                metrics().lines().anyMatch(line -> line.startsWith("kongflow_runs_total{status=\"TIMED_OUT\"} ")),
                "each status is exported from zero");

        assertEquals("SUCCESS", awaitFinal(invoke("exec-hello", Map.of())));
        Api.register(tenant, ENDPOINT_ID, io.kongflow.jobs.support.Fixtures.signup("exec-unknown-to-sdk", "1.0.0"))
                .statusCode(201);
        String unknown = Api.as(tenant)
                .body(Map.of("payload", Map.of()))
                .post("/api/v1/jobs/exec-unknown-to-sdk/test")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        assertEquals("FAILURE", awaitFinal(unknown), "the SDK answers 404 Job not found");
        String waiting = invoke("exec-tasks", Map.of());
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!"WAITING_TO_CONTINUE".equals(status(waiting)) && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000);
        }
        Api.as(tenant).post("/api/v1/runs/{id}/cancel", waiting).then().statusCode(200);
        Api.as(tenant).post("/api/v1/runs/{id}/cancel", waiting).then().statusCode(200);

        assertEquals(succeeded + 1, sample("kongflow_runs_total", "status=\"SUCCESS\""));
        assertEquals(failed + 1, sample("kongflow_runs_total", "status=\"FAILURE\""));
        assertEquals(cancelled + 1, sample("kongflow_runs_total", "status=\"CANCELED\""), "one cancel counted once");
        assertEquals(executions + 3, sample("kongflow_run_execution_seconds_count", ""));
        assertEquals(executions + 3, sample("kongflow_run_execution_seconds_bucket", "le=\"+Inf\""));
        assertEquals(clientErrors + 1, sample("kongflow_endpoint_call_failures_total", "kind=\"client_error\""));
        assertTrue(
                sample("kongflow_queue_capacity", "environment_id=\"" + tenant.environmentId() + "\"") >= 1,
                "per-queue gauges name the tenant's queues");
    }

    /**
     * The service's counters are global: runs other test classes left behind (queued for endpoints
     * that are gone, retrying with backoff, or leased by a test that claimed them itself) are
     * ended, so that the counters move with this test's runs alone.
     */
    /** Each execution's time on the endpoint, in order, inside the run's life (the console's timeline). */
    private void assertExecutionsRecorded(String run) {
        io.vertx.mutiny.sqlclient.Row row = database.query(
                        "SELECT execution_count, executions, floor(extract(epoch FROM created_at) * 1000)::bigint,"
                                + " ceil(extract(epoch FROM completed_at) * 1000)::bigint FROM job_runs WHERE id = $1::uuid",
                        run)
                .get(0);
        io.vertx.core.json.JsonArray executions = row.getJsonArray(1);
        assertTrue(row.getInteger(0) >= 3, "a wait and a retry make several executions");
        assertEquals(row.getInteger(0), executions.size(), "one entry per execution: " + executions);
        long after = row.getLong(2);
        for (int i = 0; i < executions.size(); i++) {
            long start = executions.getJsonArray(i).getLong(0);
            long end = executions.getJsonArray(i).getLong(1);
            assertTrue(after <= start && start <= end, "execution " + i + " in order: " + executions);
            after = end;
        }
        assertTrue(after <= row.getLong(3), "the last ends by the run's completion: " + executions);
    }

    private void onlyThisTenantsRunsAreLeft() {
        database.query("""
                UPDATE job_runs SET status = 'CANCELED', completed_at = now(), next_execution_at = NULL
                WHERE environment_id <> $1::uuid
                  AND status NOT IN ('SUCCESS', 'FAILURE', 'TIMED_OUT', 'ABORTED', 'CANCELED', 'UNRESOLVED_AUTH',
                                     'INVALID_PAYLOAD')""", tenant.environmentId());
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (database.count("SELECT count(*) FROM job_runs WHERE status = 'EXECUTING'") > 0) {
            assertTrue(System.nanoTime() < deadline, "runs still executing after 30 s");
            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000);
        }
    }

    @Test
    void cancellingAWaitingRunEndsItAndItsOpenTasks() {
        String run = Api.as(tenant)
                .body(Map.of("payload", Map.of()))
                .post("/api/v1/jobs/exec-tasks/test")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!"WAITING_TO_CONTINUE".equals(status(run)) && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000);
        }
        Api.as(tenant)
                .post("/api/v1/runs/{id}/cancel", run)
                .then()
                .statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("CANCELED"))
                .body("tasks.find { it.name == 'wait' }.status", org.hamcrest.Matchers.equalTo("CANCELED"));
        Api.as(tenant).post("/api/v1/runs/{id}/cancel", run).then().statusCode(200);
        Api.as(Tenants.create()).post("/api/v1/runs/{id}/cancel", run).then().statusCode(404);
        java.util.concurrent.locks.LockSupport.parkNanos(3_000_000_000L);
        assertEquals("CANCELED", status(run), "the wait's end does not revive a cancelled run");
    }

    @Test
    void aRunCancelledWhileExecutingStaysCancelledItsAnswerIgnoredItsSlotFreed() {
        String run = invoke("exec-crash", Map.of("holdMs", 1500));
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (crash(run, "holding") < 1 && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000);
        }
        assertEquals("EXECUTING", status(run));
        Api.as(tenant)
                .post("/api/v1/runs/{id}/cancel", run)
                .then()
                .statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("CANCELED"));
        // The endpoint answers SUCCESS once its hold ends; the answer must change nothing but the slot.
        while (crash(run, "holding") > 0 && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000);
        }
        long freed = System.nanoTime() + 10_000_000_000L;
        while (database.count("SELECT count(*) FROM job_runs WHERE id = $1::uuid AND holds_slot", run) > 0
                && System.nanoTime() < freed) {
            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000);
        }
        assertEquals(
                List.of("CANCELED", "null", "false", "0"),
                database.query("""
                        SELECT r.status, COALESCE(CAST(r.output AS text), 'null'), CAST(r.holds_slot AS text),
                            CAST(q.job_count AS text)
                        FROM job_runs r JOIN job_queues q ON q.id = r.queue_id WHERE r.id = $1::uuid""", run).stream()
                        .map(row -> List.of(row.getString(0), row.getString(1), row.getString(2), row.getString(3)))
                        .findFirst()
                        .orElseThrow(),
                "cancelled, no output, the slot given back");
        assertEquals(1, crash(run, "executions"), "not executed again");
    }

    private int crash(String run, String counter) {
        Integer value =
                RestAssured.given().get(endpoint.statsUrl()).then().extract().path("crash.'" + run + "'." + counter);
        return value == null ? 0 : value;
    }

    private static String status(String run) {
        return Api.as(tenant).get("/api/v1/runs/{id}", run).then().extract().path("status");
    }

    @Test
    void anotherEnvironmentsRunIsNotFoundAndABadTaskBodyIsRefused() {
        String run = invoke("exec-hello", Map.of());
        Tenant other = Tenants.create();
        Api.as(other)
                .header("Idempotency-Key", "k1")
                .body(Map.of("idempotencyKey", "k1", "noop", false))
                .post("/api/v1/runs/{id}/tasks", run)
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        Api.as(tenant)
                .header("Idempotency-Key", "k1")
                .body(Map.of("idempotencyKey", 5))
                .post("/api/v1/runs/{id}/tasks", run)
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        // Without the header the body's key is the key: the same task as with the header.
        String withHeader = Api.as(tenant)
                .header("Idempotency-Key", "k2")
                .body(Map.of("idempotencyKey", "k2", "noop", false, "name", "same"))
                .post("/api/v1/runs/{id}/tasks", run)
                .then()
                .statusCode(200)
                .extract()
                .path("id");
        Api.as(tenant)
                .body(Map.of("idempotencyKey", "k2", "noop", false, "name", "same"))
                .post("/api/v1/runs/{id}/tasks", run)
                .then()
                .statusCode(200)
                .body("id", org.hamcrest.Matchers.equalTo(withHeader));
    }

    @Test
    void aJobReturningANulCharacterFailsOnceNamingTheCause() {
        // "a\\u0000b" is valid JSON that PostgreSQL's jsonb refuses: the outcome cannot be written.
        String run = invoke("exec-nul-output", Map.of());
        assertEquals("FAILURE", awaitFinal(run));
        assertTrue(
                database.runOutput(run)
                        .contains("The endpoint's answer could not be stored: it contains a NUL character"),
                database.runOutput(run));
        assertEquals(
                List.of(1L, 0L),
                List.of(
                        database.count("SELECT execution_count FROM job_runs WHERE id = $1::uuid", run),
                        database.count(
                                "SELECT count(*) FROM job_runs WHERE id = $1::uuid AND (holds_slot OR lease_owner IS NOT NULL)",
                                run)),
                "counted once, the lease ended and the slot given back");
        assertEquals(
                1,
                RestAssured.given()
                        .get(endpoint.statsUrl())
                        .then()
                        .extract()
                        .jsonPath()
                        .getInt("executeJobs.'" + run + "'.count"),
                "executed once");
    }

    @Test
    void aNulCharacterSentToTheTasksOrStatusesApiIsRefusedAndChangesNothing() {
        String run = invoke("exec-hello", Map.of());
        assertEquals("SUCCESS", awaitFinal(run));
        String task = Api.as(tenant)
                .header("Idempotency-Key", "nul-k1")
                .body(Map.of("idempotencyKey", "nul-k1", "noop", false, "name", "fine"))
                .post("/api/v1/runs/{id}/tasks", run)
                .then()
                .statusCode(200)
                .extract()
                .path("id");
        Map<String, String> before = database.snapshot();
        String nul = "a\\u0000b"; // JSON's escape of the NUL character
        Api.as(tenant)
                .header("Idempotency-Key", "nul-k2")
                .body("{\"idempotencyKey\":\"nul-k2\",\"noop\":false,\"params\":{\"x\":\"" + nul + "\"}}")
                .post("/api/v1/runs/{id}/tasks", run)
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].path", org.hamcrest.Matchers.equalTo("params.x"));
        Api.as(tenant)
                .header("Idempotency-Key", "nul-k3")
                .body("{\"idempotencyKey\":\"nul-k3\",\"noop\":false,\"name\":\"" + nul + "\"}")
                .post("/api/v1/runs/{id}/tasks", run)
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].path", org.hamcrest.Matchers.equalTo("name"));
        Api.as(tenant)
                .body("{\"output\":{\"y\":[\"" + nul + "\"]}}")
                .post("/api/v1/runs/{id}/tasks/{task}/complete", run, task)
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].path", org.hamcrest.Matchers.equalTo("output.y[0]"));
        Api.as(tenant)
                .header("Trigger-Version", "2023-11-01")
                .body("{\"output\":\"{\\\"y\\\":\\\"" + nul.replace("\\", "\\\\") + "\\\"}\"}")
                .post("/api/v1/runs/{id}/tasks/{task}/complete", run, task)
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].path", org.hamcrest.Matchers.equalTo("output.y"));
        Api.as(tenant)
                .body("{\"error\":{\"message\":\"" + nul + "\"}}")
                .post("/api/v1/runs/{id}/tasks/{task}/fail", run, task)
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].path", org.hamcrest.Matchers.equalTo("error.message"));
        Api.as(tenant)
                .body("{\"label\":\"" + nul + "\"}")
                .put("/api/v1/runs/{id}/statuses/s", run)
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].path", org.hamcrest.Matchers.equalTo("label"));
        assertEquals(before, database.snapshot(), "nothing was written");
    }

    @Test
    void aPlatformFunctionTimeoutAfterProgressExecutesAgainAndTeachesTheEndpointItsLimit() throws Exception {
        // An endpoint of its own: what it learns must not change the other tests' executions.
        Tenant own = Tenants.create();
        try (SdkEndpoint vercel = SdkEndpoint.executing(own, "vercel")) {

            // The first execution runs both tasks, then the platform answers 504 FUNCTION_INVOCATION_TIMEOUT.
            String progressed = invokeAs(own, "exec-timeout-progress");
            assertEquals("SUCCESS", awaitFinal(own, progressed));
            Api.as(own)
                    .get("/api/v1/runs/{id}", progressed)
                    .then()
                    .statusCode(200)
                    .body("output.second.step", org.hamcrest.Matchers.equalTo(2))
                    .body("tasks.name", org.hamcrest.Matchers.contains("First", "Second"))
                    .body("tasks.attempts", org.hamcrest.Matchers.contains(1, 1));
            io.restassured.path.json.JsonPath stats =
                    RestAssured.given().get(vercel.statsUrl()).then().extract().jsonPath();
            assertEquals(2, stats.getInt("executeJobs.'" + progressed + "'.count"), "executed again after the timeout");
            assertEquals(
                    15_000, stats.getInt("executeJobs.'" + progressed + "'.arrivals[0].chunkLimit"), "ExecutionOn's");
            assertEquals(
                    9_650,
                    stats.getInt("executeJobs.'" + progressed + "'.arrivals[1].chunkLimit"),
                    "the endpoint's learned limit (10 s at least) less the 350 ms buffer");
            assertEquals(
                    List.of(0L, 2L),
                    List.of(
                            database.count(
                                    "SELECT execution_failure_count FROM job_runs WHERE id = $1::uuid", progressed),
                            database.count("SELECT execution_count FROM job_runs WHERE id = $1::uuid", progressed)),
                    "a timeout with progress is not an endpoint failure");

            // No task created before the cut-off: executing it again would be cut off forever.
            String stuck = invokeAs(own, "exec-timeout-stuck");
            assertEquals("TIMED_OUT", awaitFinal(own, stuck));
            Api.as(own)
                    .get("/api/v1/runs/{id}", stuck)
                    .then()
                    .statusCode(200)
                    .body("output.message", org.hamcrest.Matchers.startsWith("Function timeout detected in "))
                    .body(
                            "output.message",
                            org.hamcrest.Matchers.endsWith(
                                    "This is likely caused by executing code outside of a task that exceeded the function timeout"));
            assertEquals(
                    1,
                    RestAssured.given()
                            .get(vercel.statsUrl())
                            .then()
                            .extract()
                            .jsonPath()
                            .getInt("executeJobs.'" + stuck + "'.count"),
                    "executed once");
        }
    }

    private static String invokeAs(Tenant who, String job) {
        return invokeAs(who, job, Map.of());
    }

    private static String invokeAs(Tenant who, String job, Object payload) {
        return Api.as(who)
                .body(Map.of("payload", payload))
                .post("/api/v1/jobs/{slug}/invoke", job)
                .then()
                .statusCode(200)
                .extract()
                .path("id");
    }

    static String invoke(String job, Object payload) {
        return invokeAs(tenant, job, payload);
    }

    static String awaitFinal(String run) {
        return awaitFinal(tenant, run);
    }

    static String awaitFinal(Tenant who, String run) {
        return RunWaits.awaitFinal(who, run, java.time.Duration.ofSeconds(60));
    }
}
