package io.kongflow.jobs.it;

import static io.kongflow.jobs.it.ReplicaChecks.assertSlotsFree;
import static io.kongflow.jobs.it.ReplicaChecks.number;
import static io.kongflow.jobs.it.ReplicaChecks.stats;
import static io.kongflow.jobs.it.ReplicaChecks.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kongflow.jobs.support.Api;
import io.kongflow.jobs.support.ApiForwarder;
import io.kongflow.jobs.support.Invariants;
import io.kongflow.jobs.support.NeededTools;
import io.kongflow.jobs.support.PackagedService;
import io.kongflow.jobs.support.Race;
import io.kongflow.jobs.support.SdkEndpoint;
import io.kongflow.jobs.support.Tenants;
import io.kongflow.jobs.support.Tenants.Tenant;
import io.restassured.RestAssured;
import java.net.URI;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Callback tasks across two packaged replicas on one database, with the real SDK endpoint
 * ({@code JOB_SET=exec}, its callback jobs): the same request sent to both replicas at once, and a
 * matching event sent to both, complete each waiting task once and resume each run once.
 */
@Tag("crash")
class CallbackReplicasIT {

    private static final String ENDPOINT_ID = "kongflow-callback-replicas";
    private static final int RUNS = 6;

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
    void requestsAndEventsSentToBothReplicasResumeEachRunOnce() throws Exception {
        Map<String, String> settings = new HashMap<>(PackagedService.ownDatabase("kongflow_callback_replicas"));
        settings.putAll(Map.of(
                "kongflow.execution.worker-enabled", "true",
                "kongflow.execution.poll-interval", "100ms",
                "kongflow.events.poll-interval", "200ms",
                "quarkus.log.console.json.enabled", "false"));
        PackagedService a = started.add(PackagedService.start("callback-replicas-a", settings));
        PackagedService b = started.add(PackagedService.start("callback-replicas-b", settings));
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

        List<String> requestRuns = new ArrayList<>();
        List<String> eventRuns = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            requestRuns.add(invoke(tenant, i % 2 == 0 ? a : b, "cb-request", Map.of()));
            eventRuns.add(invoke(tenant, i % 2 == 0 ? b : a, "cb-event", Map.of("orderId", "rep-" + i)));
        }
        try (Connection db = a.database()) {
            Invariants.Sql sql = Invariants.over(db);
            List<Callable<Integer>> calls = new ArrayList<>();
            for (String run : requestRuns) {
                String path = URI.create(waitingCallback(sql, run)).getRawPath();
                for (PackagedService replica : List.of(a, b)) {
                    calls.add(() -> RestAssured.given()
                            .port(replica.port())
                            .contentType("application/json")
                            .body("{\"run\": \"" + run + "\", \"port\": " + replica.port() + "}")
                            .post(path)
                            .statusCode());
                }
            }
            for (int i = 0; i < RUNS; i++) {
                String run = eventRuns.get(i);
                waitFor(() -> count(sql, """
                                SELECT count(*) FROM event_dispatchers d JOIN job_tasks t ON t.id = d.task_id
                                JOIN job_runs r ON r.id = t.run_id
                                WHERE t.run_id = $1::uuid AND r.status = 'WAITING_TO_CONTINUE'""", run) == 1, "run " + run + " waits for its event", 60);
                Map<String, Object> event = Map.of("name", "kf.cb.order", "payload", Map.of("orderId", "rep-" + i));
                for (PackagedService replica : List.of(a, b)) {
                    calls.add(() -> Api.as(tenant)
                            .port(replica.port())
                            .body(Map.of("event", event))
                            .post("/api/v1/events")
                            .statusCode());
                }
            }
            assertEquals(java.util.Collections.nCopies(calls.size(), 200), Race.run(12, calls));

            List<String> all = new ArrayList<>(requestRuns);
            all.addAll(eventRuns);
            waitFor(() -> count(sql, """
                                    SELECT count(*) FROM job_runs WHERE environment_id = $1::uuid AND status = 'SUCCESS'""", tenant.environmentId()) == all.size(), all.size() + " runs to succeed", 90);
            assertEquals(
                    List.of(List.of((long) all.size())),
                    sql.query("""
                    SELECT count(*) FROM job_tasks t JOIN job_runs r ON r.id = t.run_id
                    WHERE r.environment_id = $1::uuid AND t.callback_url IS NOT NULL AND t.status = 'COMPLETED'
                      AND (SELECT count(*) FROM job_task_attempts a WHERE a.task_id = t.id AND a.status = 'COMPLETED') = 1""", tenant.environmentId()),
                    "each waiting task completed once");
            assertEquals(List.of(List.of(0L)), sql.query("""
                    SELECT count(*) FROM event_dispatchers WHERE environment_id = $1::uuid AND task_id IS NOT NULL""", tenant.environmentId()), "no ephemeral dispatcher left");
            var stats = stats(endpoint);
            for (String run : all) {
                assertEquals(
                        2,
                        number(stats, "executeJobs.'" + run + "'.count"),
                        "run " + run + " executed twice: before and after its wait");
            }
            assertSlotsFree(sql, tenant);
        }
    }

    private static String invoke(Tenant tenant, PackagedService replica, String job, Map<String, Object> payload) {
        return Api.as(tenant)
                .port(replica.port())
                .body(Map.of("payload", payload))
                .post("/api/v1/jobs/{slug}/invoke", job)
                .then()
                .statusCode(200)
                .extract()
                .path("id");
    }

    /** The callback URL the run shared, once the run waits for its task. */
    private static String waitingCallback(Invariants.Sql sql, String run) throws InterruptedException {
        String query = """
                SELECT s.output ->> 'url' FROM job_tasks s JOIN job_runs r ON r.id = s.run_id
                WHERE s.run_id = $1::uuid AND s.name = 'share-url' AND s.status = 'COMPLETED'
                  AND r.status = 'WAITING_TO_CONTINUE' AND r.waiting_for_task_id IS NOT NULL""";
        waitFor(() -> !sql.query(query, run).isEmpty(), "run " + run + " waits for its request", 60);
        return (String) sql.query(query, run).get(0).get(0);
    }

    private static long count(Invariants.Sql sql, String query, Object... parameters) {
        return ((Number) sql.query(query, parameters).get(0).get(0)).longValue();
    }
}
