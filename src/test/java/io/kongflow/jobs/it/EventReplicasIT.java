package io.kongflow.jobs.it;

import static io.kongflow.jobs.it.ReplicaChecks.assertSlotsFree;
import static io.kongflow.jobs.it.ReplicaChecks.number;
import static io.kongflow.jobs.it.ReplicaChecks.stats;
import static io.kongflow.jobs.it.ReplicaChecks.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.sql.Connection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Event delivery across packaged replicas on one database, with the real SDK endpoint
 * ({@code JOB_SET=exec}, its event jobs): events sent to both replicas at once are each delivered
 * once and start each matching job once; events accepted by a replica that is SIGKILLed before it
 * delivers them are delivered by the next replica to start.
 */
@Tag("crash")
class EventReplicasIT {

    private static final String ENDPOINT_ID = "kongflow-event-replicas";
    private static final Pattern DELIVERED =
            Pattern.compile("kongflow_events_total\\{[^}]*outcome=\"delivered\"[^}]*} ([0-9.E]+)");

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
    void twoReplicasDeliverEachEventOnceAndRunEachMatchingJobOnce() throws Exception {
        Map<String, String> settings = settings("kongflow_event_replicas");
        PackagedService a = started.add(PackagedService.start("event-replicas-a", settings));
        PackagedService b = started.add(PackagedService.start("event-replicas-b", settings));
        Tenant tenant = indexedTenant(
                a, List.of(new ApiForwarder.Target(a::port, a::alive), new ApiForwarder.Target(b::port, b::alive)));

        int count = 60;
        ExecutorService senders = Executors.newFixedThreadPool(6);
        List<Future<?>> sent = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                PackagedService to = i % 2 == 0 ? a : b;
                Map<String, Object> event = i % 3 == 0
                        ? Map.of(
                                "name",
                                "kf.order",
                                "id",
                                "rep-" + i,
                                "payload",
                                Map.of(
                                        "amount", 150,
                                        "customer", Map.of("tier", "gold", "email", "vip@x"),
                                        "items", List.of(Map.of("sku", "A-1"))))
                        : Map.of("name", "kf.user.created", "id", "rep-" + i);
                sent.add(senders.submit(() -> Api.as(tenant)
                        .port(to.port())
                        .body(Map.of("event", event))
                        .post("/api/v1/events")
                        .then()
                        .statusCode(200)));
            }
            for (Future<?> future : sent) {
                future.get();
            }
        } finally {
            senders.shutdown();
        }

        int expectedRuns = count / 3 * 3 + (count - count / 3);
        try (Connection db = a.database()) {
            Invariants.Sql sql = Invariants.over(db);
            waitFor(
                    () -> ((Number) sql.query("""
                                    SELECT count(*) FROM job_runs WHERE environment_id = $1::uuid AND status = 'SUCCESS'""", tenant.environmentId())
                                            .get(0)
                                            .get(0))
                                    .intValue()
                            == expectedRuns,
                    expectedRuns + " runs to succeed",
                    90);
            assertEquals(List.of(List.of((long) count)), sql.query("""
                    SELECT count(*) FROM event_records WHERE environment_id = $1::uuid AND delivered_at IS NOT NULL""", tenant.environmentId()));
            assertEquals(List.of(), sql.query("""
                    SELECT event_id, version_id FROM job_runs WHERE environment_id = $1::uuid
                    GROUP BY event_id, version_id HAVING count(*) > 1""", tenant.environmentId()), "one run per (event, job)");
            JsonPath stats = stats(endpointOf(tenant));
            for (Object run : sql.query(
                    "SELECT CAST(id AS text) FROM job_runs WHERE environment_id = $1::uuid", tenant.environmentId())) {
                String id = (String) ((List<?>) run).get(0);
                assertEquals(1, number(stats, "executeJobs.'" + id + "'.count"), "run " + id + " executed once");
            }
            assertSlotsFree(sql, tenant);
        }
        double deliveredA = delivered(a);
        double deliveredB = delivered(b);
        System.out.println("Events delivered by replica a: " + deliveredA + ", by b: " + deliveredB);
        assertEquals(count, deliveredA + deliveredB, 0.0, "each event delivered once, by one of the replicas");
    }

    @Test
    void eventsAcceptedByAReplicaKilledBeforeDeliveringAreDeliveredByTheNext() throws Exception {
        Map<String, String> settings = settings("kongflow_event_kill");
        Map<String, String> acceptsOnly = new HashMap<>(settings);
        acceptsOnly.put("kongflow.events.worker-enabled", "false");
        PackagedService accepting = started.add(PackagedService.start("event-kill-a", acceptsOnly));
        AtomicReference<PackagedService> up = new AtomicReference<>(accepting);
        Tenant tenant = indexedTenant(
                accepting,
                List.of(new ApiForwarder.Target(
                        () -> up.get().port(), () -> up.get().alive())));

        for (int i = 0; i < 10; i++) {
            Api.as(tenant)
                    .port(accepting.port())
                    .body(Map.of("event", Map.of("name", "kf.user.created", "id", "kill-" + i)))
                    .post("/api/v1/events")
                    .then()
                    .statusCode(200)
                    .body("deliveredAt", org.hamcrest.Matchers.nullValue());
        }
        accepting.kill();

        PackagedService next = started.add(PackagedService.start("event-kill-b", settings));
        up.set(next);
        try (Connection db = next.database()) {
            Invariants.Sql sql = Invariants.over(db);
            waitFor(
                    () -> ((Number) sql.query("""
                                    SELECT count(*) FROM job_runs WHERE environment_id = $1::uuid AND status = 'SUCCESS'""", tenant.environmentId())
                                            .get(0)
                                            .get(0))
                                    .intValue()
                            == 10,
                    "the 10 runs to succeed",
                    60);
            assertEquals(List.of(List.of(10L)), sql.query("""
                    SELECT count(*) FROM event_records WHERE environment_id = $1::uuid AND delivered_at IS NOT NULL""", tenant.environmentId()));
        }
    }

    private final Map<Tenant, SdkEndpoint> endpoints = new HashMap<>();

    private SdkEndpoint endpointOf(Tenant tenant) {
        return endpoints.get(tenant);
    }

    /** A tenant with the SDK endpoint (its API calls going to whichever replica answers) indexed through {@code first}. */
    private Tenant indexedTenant(PackagedService first, List<ApiForwarder.Target> targets) throws Exception {
        RestAssured.port = first.port();
        Tenant tenant = Tenants.create();
        ApiForwarder api = started.add(ApiForwarder.start(targets));
        SdkEndpoint endpoint = started.add(SdkEndpoint.start("exec", tenant.apiKey(), ENDPOINT_ID, api.url()));
        endpoints.put(tenant, endpoint);
        Api.endpoint(tenant, ENDPOINT_ID, endpoint.url());
        Api.as(tenant)
                .body("{}")
                .post("/api/v1/endpoints/{id}/index", ENDPOINT_ID)
                .then()
                .statusCode(200);
        return tenant;
    }

    private static double delivered(PackagedService replica) {
        String metrics = RestAssured.given()
                .port(replica.port())
                .get("/q/metrics")
                .then()
                .extract()
                .asString();
        Matcher matcher = DELIVERED.matcher(metrics);
        assertTrue(matcher.find(), "the replica reports kongflow_events_total{outcome=\"delivered\"}");
        return Double.parseDouble(matcher.group(1));
    }

    private static Map<String, String> settings(String database) throws Exception {
        Map<String, String> settings = new HashMap<>(PackagedService.ownDatabase(database));
        settings.putAll(Map.of(
                "kongflow.execution.worker-enabled", "true",
                "kongflow.execution.poll-interval", "100ms",
                "kongflow.events.poll-interval", "200ms",
                "quarkus.log.console.json.enabled", "false"));
        return settings;
    }
}
