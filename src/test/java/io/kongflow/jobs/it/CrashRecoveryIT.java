package io.kongflow.jobs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kongflow.jobs.support.Api;
import io.kongflow.jobs.support.FakeEndpoint;
import io.kongflow.jobs.support.FakeEndpoint.Reply;
import io.kongflow.jobs.support.Fixtures;
import io.kongflow.jobs.support.Invariants;
import io.kongflow.jobs.support.PackagedService;
import io.kongflow.jobs.support.Tenants;
import io.kongflow.jobs.support.Tenants.Tenant;
import io.restassured.RestAssured;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * SIGKILL of the packaged service (jar, or native executable with -Dnative) in the middle of a burst
 * of registrations, of one registration held open inside PostgreSQL, and of an index, then a restart
 * on the same database: every acknowledged registration is there in full, no registration is there
 * in part (the held one left nothing), and the interrupted index is run again by the restarted
 * worker and completes exactly once.
 */
@Tag("crash")
class CrashRecoveryIT {

    private static final int CLIENTS = 6;
    private static final int STALE_AFTER_SECONDS = 4;

    private final int restAssuredPort = RestAssured.port;
    private PackagedService service;

    @AfterEach
    void stop() throws InterruptedException {
        RestAssured.port = restAssuredPort;
        if (service != null) {
            service.close();
        }
    }

    /** A job with two examples, two integrations and a static trigger: many rows that must appear together. */
    private static ObjectNode job(String slug, String version) {
        ObjectNode job = Fixtures.signup(slug, version);
        job.set("integrations", Fixtures.job("index-integrations", "sync-crm").get("integrations"));
        return job;
    }

    @Test
    void acknowledgedRegistrationsSurviveWholeAndTheInterruptedIndexCompletesOnceAfterRestart() throws Exception {
        // A database of its own: the @QuarkusIntegrationTest app, up until the run ends, must not take the index over.
        Map<String, String> settings = new java.util.HashMap<>(PackagedService.ownDatabase("kongflow_crash_recovery"));
        settings.putAll(Map.of(
                "kongflow.indexing.stale-after", STALE_AFTER_SECONDS + "s",
                "kongflow.indexing.poll-interval", "200ms",
                "quarkus.log.console.json.enabled", "false"));
        service = PackagedService.start("crash-recovery", settings);
        RestAssured.port = service.port();
        Tenant tenant = Tenants.create();
        Api.endpoint(tenant, "app");
        try (Connection db = service.database()) {
            Invariants.Sql sql = Invariants.over(db);
            String env = tenant.environmentId();
            // The index queued by registering `app` sees no jobs; let it finish before the burst.
            waitFor(
                    () -> sql.query(
                                            "SELECT 1 FROM endpoint_indexes i JOIN endpoints e ON e.id = i.endpoint_id "
                                                    + "WHERE e.environment_id = $1::uuid AND i.status = 'SUCCESS'",
                                            env)
                                    .size()
                            == 1,
                    "the first index");

            Map<String, Integer> acknowledged = new ConcurrentHashMap<>();
            AtomicInteger sequence = new AtomicInteger();
            AtomicBoolean killed = new AtomicBoolean();
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            for (int c = 0; c < CLIENTS; c++) {
                clients.submit(() -> burst(tenant, sequence, acknowledged, killed));
            }
            waitFor(() -> acknowledged.size() >= 30, "30 acknowledged registrations");

            // An index in flight: the endpoint's first INDEX_ENDPOINT answer never comes in time.
            AtomicInteger indexCalls = new AtomicInteger();
            String slowUrl = FakeEndpoint.serve(action -> "PING".equals(action)
                    ? Reply.json(200, "{\"ok\":true}")
                    : new Reply(
                            200,
                            Map.of("content-type", "application/json"),
                            Fixtures.index("index-a").toString(),
                            indexCalls.incrementAndGet() == 1 ? 30_000 : 0));
            Api.endpoint(tenant, "slow", slowUrl);
            waitFor(() -> indexCalls.get() == 1, "the worker to call the slow endpoint");

            // A registration in flight: its transaction is open, job and queue written, at the kill.
            HeldRegistration held = HeldRegistration.install(db, "held-at-crash");
            CompletableFuture<Integer> heldAnswer = CompletableFuture.supplyAsync(() -> {
                try {
                    return Api.register(tenant, "app", job(held.slug(), "1.0.0"))
                            .extract()
                            .statusCode();
                } catch (Exception connectionLost) {
                    return -1;
                }
            });
            waitFor(() -> isHeld(held), "the held registration to reach the version write");

            service.kill();
            killed.set(true);
            assertEquals(-1, heldAnswer.get(60, TimeUnit.SECONDS), "the held registration got no answer");
            held.release();
            assertEquals(0, held.rowsLeft(), "the registration open at the kill left nothing behind");
            clients.shutdown();
            assertTrue(clients.awaitTermination(60, TimeUnit.SECONDS));
            assertEquals(
                    List.of(List.of("STARTED")),
                    sql.query(
                            "SELECT i.status FROM endpoint_indexes i "
                                    + "JOIN endpoints e ON e.id = i.endpoint_id WHERE e.environment_id = $1::uuid AND e.slug = 'slow'",
                            env),
                    "the index was in flight when the service died");

            service.restart();
            RestAssured.port = service.port();

            waitFor(() -> "SUCCESS".equals(slowIndex(sql, env).get(0)), "the interrupted index to complete");
            // Exactly once: no further run once it succeeded, even after it could have gone stale again.
            Thread.sleep(TimeUnit.SECONDS.toMillis(STALE_AFTER_SECONDS + 2));
            List<Object> index = slowIndex(sql, env);
            assertEquals("SUCCESS", index.get(0));
            assertEquals(2, ((Number) index.get(1)).intValue(), "one interrupted attempt, one that completed");
            assertEquals(2, indexCalls.get(), "the endpoint was asked once before the crash and once after");
            assertEquals(
                    4,
                    sql.query(
                                    "SELECT 1 FROM job_versions v JOIN endpoints e ON e.id = v.endpoint_id "
                                            + "WHERE v.environment_id = $1::uuid AND e.slug = 'slow' AND v.status = 'ACTIVE'",
                                    env)
                            .size());

            assertRegistrationsWhole(sql, env, acknowledged, sequence.get());
            Invariants.assertHold(sql, env);
            // The restarted service serves what the dead one acknowledged.
            String someJob = acknowledged.keySet().iterator().next().split(" ")[0];
            Api.as(tenant).get("/api/v1/jobs/{slug}", someJob).then().statusCode(200);
        }
    }

    /** Registers new versions of five jobs until the service is killed; records what was acknowledged. */
    private static void burst(
            Tenant tenant, AtomicInteger sequence, Map<String, Integer> acknowledged, AtomicBoolean killed) {
        while (!killed.get()) {
            int i = sequence.getAndIncrement();
            String slug = "burst-" + (i % 5);
            String version = "1." + i + ".0";
            try {
                int status = Api.register(tenant, "app", job(slug, version))
                        .extract()
                        .statusCode();
                if (status == 200 || status == 201) {
                    acknowledged.put(slug + " " + version, status);
                } else if (!killed.get()) {
                    acknowledged.put(slug + " " + version + " unexpected", status);
                }
            } catch (Exception connectionLost) {
                if (!killed.get()) {
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }
    }

    private static boolean isHeld(HeldRegistration held) {
        try {
            return held.held();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Object> slowIndex(Invariants.Sql sql, String env) {
        return sql.query(
                        "SELECT i.status, i.attempts FROM endpoint_indexes i JOIN endpoints e ON e.id = i.endpoint_id "
                                + "WHERE e.environment_id = $1::uuid AND e.slug = 'slow'",
                        env)
                .get(0);
    }

    /**
     * Every acknowledged registration is stored in full; every stored version (acknowledged or cut
     * off by the crash before its answer) has all of its examples, integrations, and its job's
     * alias and dispatcher: nothing half-written.
     */
    private static void assertRegistrationsWhole(
            Invariants.Sql sql, String env, Map<String, Integer> acknowledged, int sent) {
        assertTrue(
                acknowledged.keySet().stream().noneMatch(key -> key.endsWith("unexpected")), acknowledged.toString());
        List<List<Object>> versions = sql.query("""
                SELECT j.slug || ' ' || v.version, v.status,
                       (SELECT string_agg(x.slug, ',' ORDER BY x.slug) FROM event_examples x WHERE x.job_version_id = v.id),
                       (SELECT string_agg(ji.key, ',' ORDER BY ji.key) FROM job_integrations ji WHERE ji.version_id = v.id),
                       (SELECT count(*) FROM job_aliases a WHERE a.job_id = j.id AND a.environment_id = v.environment_id),
                       (SELECT count(*) FROM event_dispatchers d WHERE d.dispatchable_id = j.id::text
                            AND d.environment_id = v.environment_id AND d.enabled)
                FROM job_versions v JOIN jobs j ON j.id = v.job_id
                WHERE v.environment_id = $1::uuid AND j.slug LIKE 'burst-%'""", env);
        Set<String> stored = new java.util.HashSet<>();
        List<String> broken = new ArrayList<>();
        for (List<Object> version : versions) {
            stored.add((String) version.get(0));
            List<Object> expected = List.of(version.get(0), "ACTIVE", "basic,second", "crm,mailer", 1L, 1L);
            List<Object> actual = List.of(
                    version.get(0),
                    version.get(1),
                    String.valueOf(version.get(2)),
                    String.valueOf(version.get(3)),
                    ((Number) version.get(4)).longValue(),
                    ((Number) version.get(5)).longValue());
            if (!expected.equals(actual)) {
                broken.add(actual.toString());
            }
        }
        assertTrue(broken.isEmpty(), "half-written registrations: " + broken);
        List<String> lost = acknowledged.keySet().stream()
                .filter(key -> !stored.contains(key))
                .toList();
        assertTrue(lost.isEmpty(), "acknowledged but lost: " + lost);
        List<String> neverSent = stored.stream()
                .filter(key -> {
                    int i = Integer.parseInt(key.split(" ")[1].split("\\.")[1]);
                    return i >= sent || !key.equals("burst-" + (i % 5) + " 1." + i + ".0");
                })
                .toList();
        assertTrue(neverSent.isEmpty(), "stored but never sent: " + neverSent);
    }

    private static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("Timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }
}
