package io.kongflow.jobs.it;

import static io.kongflow.jobs.it.ReplicaChecks.assertSlotsFree;
import static io.kongflow.jobs.it.ReplicaChecks.number;
import static io.kongflow.jobs.it.ReplicaChecks.stats;
import static io.kongflow.jobs.it.ReplicaChecks.status;
import static io.kongflow.jobs.it.ReplicaChecks.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kongflow.jobs.support.Api;
import io.kongflow.jobs.support.ApiForwarder;
import io.kongflow.jobs.support.Invariants;
import io.kongflow.jobs.support.NeededTools;
import io.kongflow.jobs.support.PackagedService;
import io.kongflow.jobs.support.SdkEndpoint;
import io.kongflow.jobs.support.Tenants;
import io.kongflow.jobs.support.Tenants.Tenant;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Restarts that lose no time, with two packaged services on one database and the real SDK
 * endpoint ({@code JOB_SET=exec}, job {@code exec-crash}: a task, then a hold): a SIGTERMed replica
 * finishes its execution in flight, or releases its lease so that the other replica executes the
 * run at once; a lease shorter than the execution is renewed while the endpoint answers; settings
 * under which a request could outlive its lease are refused at start.
 */
@Tag("crash")
class ExecutionRestartsIT {

    private static final String ENDPOINT_ID = "kongflow-restarts";

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
    void aSigtermedReplicaFinishesItsExecutionInFlightAndDelaysNothing() throws Exception {
        // The default lease (30 s): before, the run waited for it and was executed again. Replica b
        // does not execute: the run is executed by a, the replica whose HTTP server took the calls
        // (its endpoint client must not close with the HTTP server when shutdown begins).
        Map<String, String> settings = settings(Map.of());
        Map<String, String> notExecuting = new HashMap<>(settings);
        notExecuting.put("kongflow.execution.worker-enabled", "false");
        Replicas replicas = replicas("restarts-drain", settings, notExecuting);

        String run = invoke(replicas, Map.of("holdMs", 4000));
        PackagedService executing = executingReplica(replicas, run);
        assertEquals(replicas.a, executing);
        long terminated = System.currentTimeMillis();
        executing.terminate();

        try (Connection db = replicas.other(executing).database()) {
            Invariants.Sql sql = Invariants.over(db);
            waitFor(() -> "SUCCESS".equals(status(sql, run)), "the run to succeed", 20);
            long tookMs = System.currentTimeMillis() - terminated;
            System.out.println("SIGTERM of the executing replica: the run ended " + tookMs + " ms later");
            assertTrue(tookMs < 10_000, "the run ended " + tookMs + " ms after the SIGTERM (4 s hold)");
            assertTrue(executing.exited(30, TimeUnit.SECONDS), "the SIGTERMed replica exited");

            JsonPath stats = stats(replicas.endpoint);
            assertEquals(1, number(stats, "executeJobs.'" + run + "'.count"), "executed once");
            assertEquals(1, number(stats, "crash.'" + run + "'.taskCalls"), "its task ran once");
            assertEquals(List.of(List.of("SUCCESS", 1L, "{\"before\": {\"executed\": 1}}")), sql.query("""
                    SELECT status, execution_token, CAST(output AS text) FROM job_runs WHERE id = $1::uuid""", run));
            assertSlotsFree(sql, replicas.tenant);
        }
    }

    @Test
    void aSigtermedReplicaReleasesWhatItCannotFinishAndTheOtherExecutesItAtOnce() throws Exception {
        Map<String, String> settings = settings(Map.of("kongflow.execution.drain-timeout", "2s"));
        Replicas replicas = replicas("restarts-release", settings);

        String run = invoke(replicas, Map.of("holdMs", 6000));
        PackagedService executing = executingReplica(replicas, run);
        PackagedService survivor = replicas.other(executing);
        long terminated = System.currentTimeMillis();
        executing.terminate();

        try (Connection db = survivor.database()) {
            Invariants.Sql sql = Invariants.over(db);
            waitFor(
                    () -> number(stats(replicas.endpoint), "executeJobs.'" + run + "'.count") == 2,
                    "the run to be executed again",
                    20);
            double again = stats(replicas.endpoint).getDouble("executeJobs.'" + run + "'.arrivals[1].at");
            System.out.println("SIGTERM, drain 2 s: executed again by the other replica " + (long) (again - terminated)
                    + " ms later");
            assertTrue(
                    again - terminated < 8_000,
                    "executed again " + (again - terminated) + " ms after the SIGTERM (drain 2 s, lease 30 s)");
            waitFor(() -> "SUCCESS".equals(status(sql, run)), "the run to succeed", 30);
            assertTrue(executing.exited(30, TimeUnit.SECONDS), "the SIGTERMed replica exited");

            JsonPath stats = stats(replicas.endpoint);
            assertEquals(2, number(stats, "executeJobs.'" + run + "'.count"), "one released execution, one that ended");
            assertEquals(1, number(stats, "crash.'" + run + "'.taskCalls"), "the completed task was not run again");
            assertEquals(List.of(List.of("Before", "COMPLETED", 1L)), sql.query("""
                            SELECT t.name, t.status, (SELECT count(*) FROM job_task_attempts x WHERE x.task_id = t.id)
                            FROM job_tasks t WHERE t.run_id = $1::uuid ORDER BY t.seq""", run));
            assertEquals(List.of(List.of("SUCCESS", 2L, "{\"before\": {\"executed\": 1}}")), sql.query("""
                    SELECT status, execution_token, CAST(output AS text) FROM job_runs WHERE id = $1::uuid""", run));
            assertSlotsFree(sql, replicas.tenant);
        }
    }

    @Test
    void aLeaseShorterThanTheExecutionIsRenewedWhileTheEndpointAnswers() throws Exception {
        // Renewed every second; the endpoint holds the execution for 8 s, over two and a half leases.
        Map<String, String> settings = settings(Map.of(
                "kongflow.execution.lease-duration", "3s",
                "kongflow.execution.request-timeout", "30s",
                "kongflow.execution.chunk-limit", "20s"));
        Replicas replicas = replicas("restarts-renewal", settings);

        String run = invoke(replicas, Map.of("holdMs", 8000));
        try (Connection db = replicas.a.database()) {
            Invariants.Sql sql = Invariants.over(db);
            waitFor(() -> "SUCCESS".equals(status(sql, run)), "the run to succeed", 40);
            JsonPath stats = stats(replicas.endpoint);
            assertEquals(1, number(stats, "executeJobs.'" + run + "'.count"), "executed once, its lease kept");
            assertEquals(1, number(stats, "crash.'" + run + "'.maxHolding"), "never two executions at once");
            assertEquals(List.of(List.of("SUCCESS", 1L)), sql.query("""
                    SELECT status, execution_token FROM job_runs WHERE id = $1::uuid""", run));
            assertSlotsFree(sql, replicas.tenant);
        }
    }

    @Test
    void settingsUnderWhichARequestOutlivesItsLeaseAreRefusedAtStart() throws Exception {
        Path log = Path.of("target", "restarts-unsafe.log");
        Files.deleteIfExists(log);
        Map<String, String> settings = settings(Map.of(
                "kongflow.execution.lease-duration", "30s",
                "kongflow.execution.lease-renewal-interval", "0s",
                "kongflow.execution.request-timeout", "75s"));
        assertThrows(
                IllegalStateException.class, () -> started.add(PackagedService.start("restarts-unsafe", settings)));
        String output = Files.readString(log);
        assertTrue(
                output.contains("kongflow.execution.request-timeout (PT1M15S) must be shorter than"
                        + " kongflow.execution.lease-duration (PT30S) while lease renewal is off"),
                "the refusal names the settings: " + output.substring(Math.max(0, output.length() - 3000)));
    }

    /** Both replicas on a database of their own, polling often; {@code overrides} on top. */
    private static Map<String, String> settings(Map<String, String> overrides) throws Exception {
        Map<String, String> settings = new HashMap<>(PackagedService.ownDatabase("kongflow_execution_restarts"));
        settings.putAll(Map.of(
                "kongflow.execution.worker-enabled", "true",
                "kongflow.execution.poll-interval", "100ms",
                "quarkus.log.console.json.enabled", "false"));
        settings.putAll(overrides);
        return settings;
    }

    private record Replicas(PackagedService a, PackagedService b, Tenant tenant, SdkEndpoint endpoint) {
        PackagedService other(PackagedService replica) {
            return replica == a ? b : a;
        }
    }

    /** Two replicas, a tenant, and the SDK endpoint (its API calls going to a replica that answers) indexed. */
    private Replicas replicas(String name, Map<String, String> settings) throws Exception {
        return replicas(name, settings, settings);
    }

    private Replicas replicas(String name, Map<String, String> settingsA, Map<String, String> settingsB)
            throws Exception {
        PackagedService a = started.add(PackagedService.start(name + "-a", settingsA));
        PackagedService b = started.add(PackagedService.start(name + "-b", settingsB));
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
        return new Replicas(a, b, tenant, endpoint);
    }

    private static String invoke(Replicas replicas, Object payload) {
        return Api.as(replicas.tenant)
                .port(replicas.a.port())
                .body(Map.of("payload", payload))
                .post("/api/v1/jobs/{slug}/invoke", "exec-crash")
                .then()
                .statusCode(200)
                .extract()
                .path("id");
    }

    /** Once the run holds on the endpoint (its task completed): the replica its lease names ({@code host:pid:id}). */
    private static PackagedService executingReplica(Replicas replicas, String run) throws Exception {
        waitFor(
                () -> number(stats(replicas.endpoint), "crash.'" + run + "'.holding") == 1,
                "the run to be in flight",
                60);
        try (Connection db = replicas.a.database()) {
            String owner = (String) Invariants.over(db)
                    .query("SELECT lease_owner FROM job_runs WHERE id = $1::uuid", run)
                    .get(0)
                    .get(0);
            String[] parts = owner.split(":");
            long pid = Long.parseLong(parts[parts.length - 2]);
            if (pid == replicas.a.pid()) {
                return replicas.a;
            }
            if (pid == replicas.b.pid()) {
                return replicas.b;
            }
            throw new AssertionError("run " + run + " is leased by " + owner + ", neither replica");
        }
    }
}
