package io.kongflow.jobs.runs;

import static io.kongflow.jobs.support.OnVertx.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kongflow.jobs.persistence.RunStatus;
import io.kongflow.jobs.support.Api;
import io.kongflow.jobs.support.Database;
import io.kongflow.jobs.support.Fixtures;
import io.kongflow.jobs.support.Invariants;
import io.kongflow.jobs.support.Race;
import io.kongflow.jobs.support.Tenants;
import io.kongflow.jobs.support.Tenants.Tenant;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@QuarkusTest
class RunConcurrencyTest {

    @Inject
    Database database;

    @Inject
    RunQueue runQueue;

    private static <T> List<T> concurrently(int count, java.util.function.IntFunction<Callable<T>> task)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, count)); // the race may leave nothing to start
        try {
            List<T> results = new ArrayList<>();
            for (Future<T> future :
                    pool.invokeAll(IntStream.range(0, count).mapToObj(task).toList())) {
                results.add(future.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private static Tenant tenantWithJob(String fixtureJob) {
        Tenant tenant = Tenants.create();
        Api.endpoint(tenant, "app");
        Api.register(tenant, "app", Fixtures.job("index-a", fixtureJob)).statusCode(201);
        return tenant;
    }

    @Test
    void concurrentTestRunsGetGapFreeUniqueNumbers() throws Exception {
        Tenant tenant = tenantWithJob("user-signup");
        List<Integer> numbers = concurrently(
                50,
                i -> () -> Api.as(tenant)
                        .body("{}")
                        .post("/api/v1/jobs/user-signup/test")
                        .then()
                        .statusCode(201)
                        .extract()
                        .path("number"));
        assertEquals(
                IntStream.rangeClosed(1, 50).boxed().toList(),
                numbers.stream().sorted().toList());
    }

    @Test
    void concurrentInvokesWithOneKeyCreateOneRun() throws Exception {
        Tenant tenant = tenantWithJob("user-signup");
        List<String> ids = concurrently(
                20,
                i -> () -> Api.as(tenant)
                        .header("idempotency-key", "same-key")
                        .body(Map.of("payload", Map.of("i", i)))
                        .post("/api/v1/jobs/user-signup/invoke")
                        .then()
                        .extract()
                        .path("id"));
        assertEquals(1, ids.stream().distinct().count(), ids.toString());
        assertEquals(
                1,
                database.count(
                        "SELECT count(*) FROM job_runs WHERE environment_id = $1::uuid", tenant.environmentId()));
    }

    @Test
    void parallelStartsOnAQueueOfThreeStartExactlyThree() throws Exception {
        Tenant tenant = tenantWithJob("poller");
        database.query("UPDATE job_queues SET max_jobs = 3 WHERE environment_id = $1::uuid", tenant.environmentId());
        List<UUID> runs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            runs.add(UUID.fromString(Api.as(tenant)
                    .body("{}")
                    .post("/api/v1/jobs/poller/test")
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("id")));
        }
        List<Boolean> started = concurrently(10, i -> () -> await(() -> runQueue.start(runs.get(i))));

        assertEquals(3, started.stream().filter(Boolean::booleanValue).count());
        String env = tenant.environmentId();
        assertEquals(3, database.count("SELECT job_count FROM job_queues WHERE environment_id = $1::uuid", env));
        assertEquals(
                3,
                database.count(
                        "SELECT count(*) FROM job_runs WHERE environment_id = $1::uuid AND status = 'STARTED'", env));

        UUID running = runs.get(started.indexOf(true));
        assertTrue(await(() -> runQueue.finish(running, RunStatus.SUCCESS)));
        assertEquals(2, database.count("SELECT job_count FROM job_queues WHERE environment_id = $1::uuid", env));
        assertEquals(
                false, await(() -> runQueue.finish(running, RunStatus.FAILURE)), "a finished run cannot finish again");
        assertEquals(false, await(() -> runQueue.start(running)));

        UUID waiting = runs.get(started.indexOf(false));
        assertTrue(await(() -> runQueue.start(waiting)), "a freed place can be taken");
        Api.as(tenant).post("/api/v1/jobs/poller/cancel-runs").then().statusCode(200);
        assertEquals(
                0,
                database.count("SELECT job_count FROM job_queues WHERE environment_id = $1::uuid", env),
                "cancelling started runs frees their places");
    }

    @Test
    @Tag("race")
    void testRunsRacingWithAliasPinsAndADisableRunOnlyActiveVersionsWithGapFreeNumbers() throws Exception {
        Tenant tenant = Tenants.create();
        Api.endpoint(tenant, "app");
        for (String version : List.of("1.0.0", "1.1.0", "2.0.0")) {
            var job = Fixtures.signup("pinned", version);
            if (version.equals("2.0.0")) {
                // A trigger change between versions: pins move the dispatcher and the schedule with latest.
                job.set("trigger", Fixtures.job("index-a", "nightly-report").get("trigger"));
            }
            Api.register(tenant, "app", job).statusCode(201);
        }
        Random random = new Random(99);
        List<String> versions = List.of("1.0.0", "1.1.0", "2.0.0");
        List<Callable<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 90; i++) {
            String version = versions.get(random.nextInt(versions.size()));
            calls.add(
                    switch (i % 3) {
                        case 0 ->
                            () -> Api.as(tenant)
                                    .body(Map.of("version", version))
                                    .put("/api/v1/jobs/pinned/aliases/latest")
                                    .statusCode();
                        case 1 ->
                            () -> Api.as(tenant)
                                    .body("{}")
                                    .post("/api/v1/jobs/pinned/test")
                                    .statusCode();
                        default ->
                            () -> Api.as(tenant)
                                    .body(Map.of("version", version))
                                    .post("/api/v1/jobs/pinned/test")
                                    .statusCode();
                    });
        }
        calls.add(() -> Api.as(tenant)
                .body(Fixtures.signup("pinned", "1.1.0").put("enabled", false).toString())
                .post("/api/v1/endpoints/app/jobs")
                .statusCode());

        List<Integer> statuses = Race.run(12, calls);

        // 409: a test run of 1.1.0 once it is disabled (named, or named by a pinned latest).
        assertTrue(statuses.stream().allMatch(status -> Set.of(200, 201, 409).contains(status)), statuses.toString());
        String env = tenant.environmentId();
        assertEquals(
                statuses.stream().filter(status -> status == 201).count(),
                database.count("SELECT count(*) FROM job_runs WHERE environment_id = $1::uuid", env));
        Invariants.assertHold(Invariants.over(database), env, Set.copyOf(versions));
        Api.as(tenant)
                .body(Map.of("version", "1.1.0"))
                .post("/api/v1/jobs/pinned/test")
                .then()
                .statusCode(409);
    }

    @Test
    @Tag("race")
    void queueLimitChangesRacingWithStartsFinishesAndNewRunsKeepTheCountExact() throws Exception {
        Tenant tenant = tenantWithJob("poller");
        String env = tenant.environmentId();
        String queueId = database.query("SELECT id::text FROM job_queues WHERE environment_id = $1::uuid", env)
                .get(0)
                .getString(0);
        Api.as(tenant)
                .body(Map.of("maxJobs", 4))
                .patch("/api/v1/queues/{id}", queueId)
                .then()
                .statusCode(200);
        List<UUID> runs = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            runs.add(UUID.fromString(Api.as(tenant)
                    .body("{}")
                    .post("/api/v1/jobs/poller/test")
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("id")));
        }
        Random random = new Random(5);
        List<Callable<Object>> calls = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            UUID run = runs.get(random.nextInt(runs.size()));
            int limit = 1 + random.nextInt(8);
            calls.add(
                    switch (i % 6) {
                        case 0 ->
                            () -> Api.as(tenant)
                                    .body(Map.of("maxJobs", limit))
                                    .patch("/api/v1/queues/{id}", queueId)
                                    .then()
                                    .statusCode(200)
                                    .extract()
                                    .path("maxJobs");
                        case 1 ->
                            () -> Api.as(tenant)
                                    .body("{}")
                                    .post("/api/v1/jobs/poller/test")
                                    .then()
                                    .statusCode(201)
                                    .extract()
                                    .path("number");
                        case 2 -> () -> await(() -> runQueue.finish(run, RunStatus.SUCCESS));
                        case 3 ->
                            () -> Api.as(tenant)
                                    .get("/api/v1/queues/{id}", queueId)
                                    .then()
                                    .statusCode(200)
                                    .extract()
                                    .path("jobCount");
                        default -> () -> await(() -> runQueue.start(run));
                    });
        }
        calls.add(() -> Api.as(tenant)
                .post("/api/v1/jobs/poller/cancel-runs")
                .then()
                .statusCode(200)
                .extract()
                .path("cancelledRunIds"));

        Race.run(12, calls);

        // A lowered limit may leave more running than it allows (running runs are not stopped) ...
        Invariants.assertHoldAllowingLoweredLimits(Invariants.over(database), env, Set.of());
        // ... but no run starts while the queue is at or over its limit, and finishing frees places exactly.
        Api.as(tenant)
                .body(Map.of("maxJobs", 3))
                .patch("/api/v1/queues/{id}", queueId)
                .then()
                .statusCode(200);
        long running = database.count("SELECT job_count FROM job_queues WHERE id = $1::uuid", queueId);
        List<UUID> queued =
                database
                        .query("SELECT id FROM job_runs WHERE environment_id = $1::uuid AND status = 'QUEUED'", env)
                        .stream()
                        .map(row -> row.getUUID(0))
                        .toList();
        List<Boolean> started = concurrently(queued.size(), i -> () -> await(() -> runQueue.start(queued.get(i))));
        assertEquals(
                Math.max(0, Math.min(queued.size(), 3 - running)),
                started.stream().filter(Boolean::booleanValue).count(),
                "with " + running + " running, starts fill the queue up to its limit of 3 and no further");
        Invariants.assertHoldAllowingLoweredLimits(Invariants.over(database), env, Set.of());
    }
}
