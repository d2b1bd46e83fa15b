package io.kongflow.jobs.runs;

import io.kongflow.jobs.persistence.RunStatus;
import io.kongflow.jobs.support.Api;
import io.kongflow.jobs.support.Database;
import io.kongflow.jobs.support.Fixtures;
import static io.kongflow.jobs.support.OnVertx.await;
import io.kongflow.jobs.support.Tenants;
import io.kongflow.jobs.support.Tenants.Tenant;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class RunConcurrencyTest {

    @Inject
    Database database;

    @Inject
    RunQueue runQueue;

    private static <T> List<T> concurrently(int count, java.util.function.IntFunction<Callable<T>> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(count);
        try {
            List<T> results = new ArrayList<>();
            for (Future<T> future : pool.invokeAll(IntStream.range(0, count).mapToObj(task).toList())) {
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
        List<Integer> numbers = concurrently(50, i -> () -> Api.as(tenant).body("{}")
                .post("/api/v1/jobs/user-signup/test").then().statusCode(201).extract().path("number"));
        assertEquals(IntStream.rangeClosed(1, 50).boxed().toList(), numbers.stream().sorted().toList());
    }

    @Test
    void concurrentInvokesWithOneKeyCreateOneRun() throws Exception {
        Tenant tenant = tenantWithJob("user-signup");
        List<String> ids = concurrently(20, i -> () -> Api.as(tenant).header("idempotency-key", "same-key")
                .body(Map.of("payload", Map.of("i", i))).post("/api/v1/jobs/user-signup/invoke")
                .then().extract().path("id"));
        assertEquals(1, ids.stream().distinct().count(), ids.toString());
        assertEquals(1, database.count("SELECT count(*) FROM job_runs WHERE environment_id = $1::uuid", tenant.environmentId()));
    }

    @Test
    void parallelStartsOnAQueueOfThreeStartExactlyThree() throws Exception {
        Tenant tenant = tenantWithJob("poller");
        database.query("UPDATE job_queues SET max_jobs = 3 WHERE environment_id = $1::uuid", tenant.environmentId());
        List<UUID> runs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            runs.add(UUID.fromString(Api.as(tenant).body("{}").post("/api/v1/jobs/poller/test").then().statusCode(201)
                    .extract().path("id")));
        }
        List<Boolean> started = concurrently(10, i -> () -> await(() -> runQueue.start(runs.get(i))));

        assertEquals(3, started.stream().filter(Boolean::booleanValue).count());
        String env = tenant.environmentId();
        assertEquals(3, database.count("SELECT job_count FROM job_queues WHERE environment_id = $1::uuid", env));
        assertEquals(3, database.count("SELECT count(*) FROM job_runs WHERE environment_id = $1::uuid AND status = 'STARTED'", env));

        UUID running = runs.get(started.indexOf(true));
        assertTrue(await(() -> runQueue.finish(running, RunStatus.SUCCESS)));
        assertEquals(2, database.count("SELECT job_count FROM job_queues WHERE environment_id = $1::uuid", env));
        assertEquals(false, await(() -> runQueue.finish(running, RunStatus.FAILURE)),
                "a finished run cannot finish again");
        assertEquals(false, await(() -> runQueue.start(running)));

        UUID waiting = runs.get(started.indexOf(false));
        assertTrue(await(() -> runQueue.start(waiting)), "a freed place can be taken");
        Api.as(tenant).post("/api/v1/jobs/poller/cancel-runs").then().statusCode(200);
        assertEquals(0, database.count("SELECT job_count FROM job_queues WHERE environment_id = $1::uuid", env),
                "cancelling started runs frees their places");
    }
}
