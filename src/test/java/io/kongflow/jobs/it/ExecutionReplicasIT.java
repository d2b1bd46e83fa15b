package io.kongflow.jobs.it;

import static io.kongflow.jobs.it.ReplicaChecks.assertSlotsFree;
import static io.kongflow.jobs.it.ReplicaChecks.number;
import static io.kongflow.jobs.it.ReplicaChecks.stats;
import static io.kongflow.jobs.it.ReplicaChecks.status;
import static io.kongflow.jobs.it.ReplicaChecks.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kongflow.jobs.support.Api;
import io.kongflow.jobs.support.ApiForwarder;
import io.kongflow.jobs.support.Invariants;
import io.kongflow.jobs.support.NeededTools;
import io.kongflow.jobs.support.PackagedService;
import io.kongflow.jobs.support.SdkEndpoint;
import io.kongflow.jobs.support.SocketOwner;
import io.kongflow.jobs.support.Tenants;
import io.kongflow.jobs.support.Tenants.Tenant;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Two packaged services (jar, or native executable) on one database, both executing runs of one
 * real {@code @trigger.dev/sdk@2.3.18} endpoint ({@code JOB_SET=exec}): a queue's limit holds across
 * the replicas, every run is executed once and ends once; and a replica SIGKILLed in the middle of
 * an execution loses nothing — the other replica executes the run again once the lease has
 * expired, replaying the task that had completed from the cache instead of running it again.
 */
@Tag("crash")
class ExecutionReplicasIT {

    private static final String ENDPOINT_ID = "kongflow-replicas";
    private static final int RUNS = 30;
    private static final int LEASE_SECONDS = 15;

    private final StartedProcesses started = new StartedProcesses();

    @BeforeAll
    static void requireNode() {
        NeededTools.require("the real SDK endpoint runs on Node.js", "node", "npm");
    }

    @AfterEach
    void stop() throws Exception {
        started.closeAll();
    }

    @Test
    void twoReplicasKeepTheQueueLimitAndExecuteEachRunOnce() throws Exception {
        Map<String, String> settings = settings(30, 20);
        PackagedService a = started.add(PackagedService.start("execution-replicas-a", settings));
        PackagedService b = started.add(PackagedService.start("execution-replicas-b", settings));
        Replicas replicas = replicas(a, b);

        // Both replicas take invocations, from several clients at once.
        ExecutorService clients = Executors.newFixedThreadPool(4);
        List<Future<String>> invoked = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            int port = (i % 2 == 0 ? a : b).port();
            int n = i;
            invoked.add(clients.submit(() -> invoke(replicas.tenant, port, "exec-slow", Map.of("i", n))));
        }
        List<String> runs = new ArrayList<>();
        for (Future<String> run : invoked) {
            runs.add(run.get(60, TimeUnit.SECONDS));
        }
        clients.shutdown();

        try (Connection db = a.database()) {
            Invariants.Sql sql = Invariants.over(db);
            // While they run, which replica sent each EXECUTE_JOB (read while its connection is open).
            Map<Long, PackagedService> byPid = Map.of(a.pid(), a, b.pid(), b);
            Map<String, Long> executedBy = new HashMap<>();
            waitFor(
                    () -> {
                        JsonPath stats = stats(replicas.endpoint);
                        for (String run : runs) {
                            Number port = stats.get("executeJobs.'" + run + "'.arrivals[0].port");
                            if (port != null && !executedBy.containsKey(run)) {
                                SocketOwner.of(port.intValue(), replicas.endpoint.port(), byPid.keySet())
                                        .ifPresent(pid -> executedBy.put(run, pid));
                            }
                        }
                        return sql.query(
                                                "SELECT 1 FROM job_runs WHERE id = ANY(CAST($1 AS uuid[])) AND completed_at IS NOT NULL",
                                                (Object) runs.toArray(String[]::new))
                                        .size()
                                == RUNS;
                    },
                    "all " + RUNS + " runs to end",
                    180);
            assertEquals(
                    List.of(List.of("SUCCESS", (long) RUNS)),
                    sql.query(
                            "SELECT status, count(*) FROM job_runs WHERE id = ANY(CAST($1 AS uuid[])) GROUP BY status",
                            (Object) runs.toArray(String[]::new)),
                    "every run ends in one terminal state, SUCCESS");

            JsonPath stats = stats(replicas.endpoint);
            int max = number(stats, "maxInFlight");
            assertTrue(max <= 2, "the endpoint saw " + max + " executions of a queue of 2 at once");
            assertEquals(2, max, "with " + RUNS + " runs on two replicas, the queue was full at some point");
            List<String> notOnce = new ArrayList<>();
            for (String run : runs) {
                int executions = number(stats, "executeJobs.'" + run + "'.count");
                if (executions != 1) {
                    notOnce.add(run + " executed " + executions + " times");
                }
            }
            assertTrue(notOnce.isEmpty(), "each run executed exactly once: " + notOnce);
            assertEquals(
                    byPid.keySet(),
                    new java.util.HashSet<>(executedBy.values()),
                    "both replicas executed runs (of those whose sender was seen): " + executedBy);
            assertSlotsFree(sql, replicas.tenant);
        }
    }

    @Test
    void aReplicaKilledMidExecutionLosesNothingTheOtherExecutesTheRunOnceTheLeaseExpired() throws Exception {
        // The lease must exceed the request timeout; the run holds 3 s after its task, well within both
        // even on a loaded machine (a request timing out would end the execution before the kill).
        Map<String, String> settings = settings(LEASE_SECONDS, LEASE_SECONDS - 3);
        PackagedService a = started.add(PackagedService.start("execution-sigkill-a", settings));
        PackagedService b = started.add(PackagedService.start("execution-sigkill-b", settings));
        Replicas replicas = replicas(a, b);
        Map<Long, PackagedService> byPid = Map.of(a.pid(), a, b.pid(), b);

        String run = invoke(replicas.tenant, a.port(), "exec-crash", Map.of("holdMs", 3000));
        // In flight: its task "before" completed, the run function holds on the endpoint.
        waitFor(
                () -> number(stats(replicas.endpoint), "crash.'" + run + "'.holding") == 1,
                "the run to be in flight",
                60);
        PackagedService executing = owner(replicas.endpoint, run, 0, byPid)
                .orElseThrow(() -> new AssertionError("no replica holds the EXECUTE_JOB connection of " + run + ": "
                        + stats(replicas.endpoint).getMap("executeJobs.'" + run + "'")
                        + stats(replicas.endpoint).getMap("crash.'" + run + "'")));
        PackagedService survivor = executing == a ? b : a;
        try (Connection db = survivor.database()) {
            Invariants.Sql sql = Invariants.over(db);
            assertEquals(List.of(List.of("EXECUTING", 1L)), sql.query("""
                    SELECT status, execution_token FROM job_runs WHERE id = $1::uuid""", run));

            executing.kill();
            RestAssured.port = survivor.port();

            // The survivor takes the run over only once the dead replica's lease expired, and holds it alone.
            waitFor(
                    () -> number(stats(replicas.endpoint), "executeJobs.'" + run + "'.count") == 2
                            && number(stats(replicas.endpoint), "crash.'" + run + "'.holding") == 1,
                    "the run to be executed again",
                    60);
            assertEquals(
                    Optional.of(survivor),
                    owner(replicas.endpoint, run, 1, byPid),
                    "the second execution comes from the surviving replica");
            waitFor(() -> "SUCCESS".equals(status(sql, run)), "the run to succeed", 60);

            JsonPath stats = stats(replicas.endpoint);
            double first = stats.getDouble("executeJobs.'" + run + "'.arrivals[0].at");
            double second = stats.getDouble("executeJobs.'" + run + "'.arrivals[1].at");
            assertTrue(
                    second - first >= TimeUnit.SECONDS.toMillis(LEASE_SECONDS) - 500,
                    "executed again " + (second - first) + " ms after the first execution, before the lease expired");
            assertEquals(2, number(stats, "crash.'" + run + "'.executions"), "one killed execution, one that ended");
            assertEquals(1, number(stats, "crash.'" + run + "'.taskCalls"), "the completed task was not run again");
            assertEquals(1, number(stats, "crash.'" + run + "'.maxHolding"), "never two executions of the run at once");
            assertEquals(List.of(List.of("Before", "COMPLETED", 1L)), sql.query("""
                            SELECT t.name, t.status, (SELECT count(*) FROM job_task_attempts x WHERE x.task_id = t.id)
                            FROM job_tasks t WHERE t.run_id = $1::uuid ORDER BY t.seq""", run));
            assertEquals(List.of(List.of("SUCCESS", 2L, "{\"before\": {\"executed\": 1}}")), sql.query("""
                    SELECT status, execution_token, CAST(output AS text) FROM job_runs WHERE id = $1::uuid""", run));
            Api.as(replicas.tenant).get("/api/v1/runs/{id}", run).then().statusCode(200);

            // Exactly one end: a lease later, nothing executed the run again, nothing changed it.
            Thread.sleep(TimeUnit.SECONDS.toMillis(LEASE_SECONDS + 1));
            assertEquals(2, number(stats(replicas.endpoint), "executeJobs.'" + run + "'.count"));
            assertEquals("SUCCESS", status(sql, run));
            assertSlotsFree(sql, replicas.tenant);
        }
    }

    @Test
    void aRunWhoseOutputCannotBeStoredEndsOnceOnTwoReplicas() throws Exception {
        // The job returns "a\\u0000b": valid JSON that PostgreSQL's jsonb refuses. Its outcome cannot be
        // written; the run must end FAILURE at once, not be executed again each time its lease expires.
        Map<String, String> settings = settings(20, 15);
        PackagedService a = started.add(PackagedService.start("execution-nul-a", settings));
        PackagedService b = started.add(PackagedService.start("execution-nul-b", settings));
        Replicas replicas = replicas(a, b);

        long invoked = System.nanoTime();
        String run = invoke(replicas.tenant, a.port(), "exec-nul-output", Map.of());
        try (Connection db = a.database()) {
            Invariants.Sql sql = Invariants.over(db);
            waitFor(
                    () -> !sql.query("SELECT 1 FROM job_runs WHERE id = $1::uuid AND completed_at IS NOT NULL", run)
                            .isEmpty(),
                    "the run to end",
                    60);
            long endedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - invoked);
            System.out.printf("A run with a NUL output ended %d ms after its invocation%n", endedMs);
            List<List<Object>> ended = sql.query(
                    "SELECT status, execution_count, CAST(output AS text) FROM job_runs WHERE id = $1::uuid", run);
            assertEquals("FAILURE", ended.get(0).get(0), ended.toString());
            assertEquals(1L, ((Number) ended.get(0).get(1)).longValue(), "counted once: " + ended);
            assertTrue(String.valueOf(ended.get(0).get(2)).contains("could not be stored"), ended.toString());

            // Once: more than a lease later, no replica executed it again, nothing changed it.
            Thread.sleep(TimeUnit.SECONDS.toMillis(20 + 2));
            assertEquals(1, number(stats(replicas.endpoint), "executeJobs.'" + run + "'.count"), "executed once");
            assertEquals(
                    ended,
                    sql.query(
                            "SELECT status, execution_count, CAST(output AS text) FROM job_runs WHERE id = $1::uuid",
                            run));
            assertSlotsFree(sql, replicas.tenant);
        }
    }

    /** Both replicas on a database of their own: no other service of the test run may execute their runs. */
    private static Map<String, String> settings(int leaseSeconds, int requestTimeoutSeconds) throws Exception {
        Map<String, String> settings = new HashMap<>(PackagedService.ownDatabase("kongflow_execution_replicas"));
        settings.putAll(Map.of(
                "kongflow.execution.worker-enabled", "true",
                "kongflow.execution.poll-interval", "100ms",
                "kongflow.execution.lease-duration", leaseSeconds + "s",
                "kongflow.execution.request-timeout", requestTimeoutSeconds + "s",
                "kongflow.execution.chunk-limit", (requestTimeoutSeconds * 1000 - 1000) + "ms",
                // Every other execution goes back through a claim: the replicas race for the
                // queue's slots all along (each would otherwise keep a slot for 16 runs in a row).
                "kongflow.execution.max-hand-overs", "1",
                "quarkus.log.console.json.enabled", "false"));
        return settings;
    }

    private record Replicas(Tenant tenant, SdkEndpoint endpoint) {}

    /** A tenant, and the SDK endpoint (its API calls going to whichever replica is alive) registered and indexed. */
    private Replicas replicas(PackagedService a, PackagedService b) throws Exception {
        RestAssured.port = a.port();
        Tenant tenant = Tenants.create();
        ApiForwarder api = started.add(ApiForwarder.start(
                List.of(new ApiForwarder.Target(a::port, a::alive), new ApiForwarder.Target(b::port, b::alive))));
        SdkEndpoint endpoint = started.add(SdkEndpoint.start("exec", tenant.apiKey(), ENDPOINT_ID, api.url()));
        Api.endpoint(tenant, ENDPOINT_ID, endpoint.url());
        Api.as(tenant)
                .body("{}")
                .post("/api/v1/endpoints/{id}/index", ENDPOINT_ID)
                .then()
                .statusCode(200);
        return new Replicas(tenant, endpoint);
    }

    private static String invoke(Tenant tenant, int port, String job, Object payload) {
        return Api.as(tenant)
                .port(port)
                .body(Map.of("payload", payload))
                .post("/api/v1/jobs/{slug}/invoke", job)
                .then()
                .statusCode(200)
                .extract()
                .path("id");
    }

    /** The replica that sent the run's n-th EXECUTE_JOB, while its connection is open. */
    /**
     * The replica executing the run now: the lease owner the claim wrote names the process
     * ({@code host:pid:id}); the source port of the endpoint's {@code n}-th EXECUTE_JOB, looked up in
     * {@code /proc}, must agree where the kernel tables show it.
     */
    private static Optional<PackagedService> owner(
            SdkEndpoint endpoint, String run, int n, Map<Long, PackagedService> byPid) throws Exception {
        Optional<PackagedService> leaseHolder = Optional.empty();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (leaseHolder.isEmpty() && System.nanoTime() < deadline) {
            leaseHolder = leaseHolder(run, byPid);
            if (leaseHolder.isEmpty()) {
                Thread.sleep(50);
            }
        }
        int port = number(stats(endpoint), "executeJobs.'" + run + "'.arrivals[" + n + "].port");
        Optional<Long> socketHolder = SocketOwner.of(port, endpoint.port(), byPid.keySet());
        if (socketHolder.isPresent() && leaseHolder.isPresent()) {
            assertEquals(leaseHolder.get(), byPid.get(socketHolder.get()), "the lease holder sent the EXECUTE_JOB");
        }
        return leaseHolder.isPresent() ? leaseHolder : socketHolder.map(byPid::get);
    }

    /** The replica named by the run's lease owner ({@code host:pid:id}), read through any live replica's database. */
    private static Optional<PackagedService> leaseHolder(String run, Map<Long, PackagedService> byPid) {
        for (PackagedService replica : byPid.values()) {
            try (Connection db = replica.database()) {
                List<List<Object>> rows =
                        Invariants.over(db).query("SELECT lease_owner FROM job_runs WHERE id = $1::uuid", run);
                Object owner = rows.isEmpty() ? null : rows.get(0).get(0);
                if (owner == null) {
                    return Optional.empty();
                }
                String[] parts = owner.toString().split(":");
                PackagedService holder = byPid.get(Long.parseLong(parts[parts.length - 2]));
                if (holder == null) {
                    throw new AssertionError(
                            "run " + run + " is leased by " + owner + ", none of the replicas " + byPid.keySet());
                }
                return Optional.of(holder);
            } catch (java.sql.SQLException replicaGone) {
                // its database settings are the same for every replica: try the next
            }
        }
        return Optional.empty();
    }
}
