package io.kongflow.jobs.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kongflow.jobs.support.Api;
import io.kongflow.jobs.support.Database;
import io.kongflow.jobs.support.Fixtures;
import io.kongflow.jobs.support.Invariants;
import io.kongflow.jobs.support.Race;
import io.kongflow.jobs.support.Tenants;
import io.kongflow.jobs.support.Tenants.Tenant;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@QuarkusTest
class RunConcurrencyTest {

    final Database database = Database.shared();

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
}
