package io.kongflow.jobs.execution;

import static io.kongflow.jobs.support.OnVertx.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Queue slots under racing claims (the worker is off here, so the test's claimers are the only
 * ones): however many claim at once, a queue never holds more executions than its limit, and
 * {@code job_count} always equals the runs holding a slot.
 */
@QuarkusTest
@Tag("race")
class QueueSlotRaceTest {

    final Database database = Database.shared();

    @Inject
    ExecutionClaims claims;

    private Tenant tenant;
    private String queueId;

    @BeforeEach
    void tenantWithAJob() {
        tenant = Tenants.create();
        Api.endpoint(tenant, "app");
        Api.register(tenant, "app", Fixtures.job("index-a", "poller")).statusCode(201);
        queueId = database.query(
                        "SELECT id::text FROM job_queues WHERE environment_id = $1::uuid", tenant.environmentId())
                .get(0)
                .getString(0);
        // Runs other tests left due would be claimed first (oldest first): set them aside.
        database.query(
                "UPDATE job_runs SET next_execution_at = now() + interval '1 day'"
                        + " WHERE environment_id <> $1::uuid AND next_execution_at <= now()",
                tenant.environmentId());
    }

    @Test
    void claimersReleasedTogetherTakeExactlyTheQueuesSlots() throws Exception {
        limit(3);
        for (int i = 0; i < 10; i++) {
            testRun();
        }
        List<Claim> claimed = claimTogether(10);

        assertEquals(3, claimed.size(), "a queue of 3 gives 3 of 10 racing claimers a slot");
        assertEquals(3, count("SELECT job_count FROM job_queues WHERE id = $1::uuid", queueId));
        assertEquals(3, count("SELECT count(*) FROM job_runs WHERE queue_id = $1::uuid AND holds_slot", queueId));
        assertEquals(
                3, count("SELECT count(*) FROM job_runs WHERE queue_id = $1::uuid AND status = 'EXECUTING'", queueId));
        assertEquals(
                claimed.size(), claimed.stream().map(Claim::runId).distinct().count(), "each run claimed once");
        Invariants.assertHold(Invariants.over(database), tenant.environmentId(), Set.of());
    }

    @Test
    void aClaimSaysWhetherAnotherCouldTakeARunAndWhenTheNextWaitEnds() {
        limit(2);
        testRun();
        testRun();
        testRun();
        Object waiting = testRun();
        database.query(
                "UPDATE job_runs SET next_execution_at = now() + interval '30 seconds' WHERE id = $1::uuid", waiting);

        ClaimAttempt first = await(() -> claims.claim());
        assertNotNull(first.claim());
        assertTrue(first.more(), "two places were free and two runs due: another claim can take one");
        assertNull(first.nextDueInMs(), "the loop goes on: no timer is needed yet");

        ClaimAttempt second = await(() -> claims.claim());
        assertNotNull(second.claim());
        assertFalse(second.more(), "the queue is full now");
        assertDueWithin30Seconds(second);

        ClaimAttempt third = await(() -> claims.claim());
        assertNull(third.claim());
        assertFalse(third.more());
        assertDueWithin30Seconds(third);
        Invariants.assertHold(Invariants.over(database), tenant.environmentId(), Set.of());
    }

    private static void assertDueWithin30Seconds(ClaimAttempt attempt) {
        assertNotNull(attempt.nextDueInMs(), "a stopping claim says when the next wait ends");
        assertTrue(
                attempt.nextDueInMs() > 0 && attempt.nextDueInMs() <= 30_000,
                "the waiting run is due in at most 30 s, not " + attempt.nextDueInMs() + " ms");
    }

    @Test
    void aCancelledRunsSlotComesBackOnlyAfterItsLease() throws Exception {
        limit(1);
        testRun();
        testRun();
        assertEquals(1, claimTogether(4).size());
        Api.as(tenant).post("/api/v1/jobs/poller/cancel-runs").then().statusCode(200);
        // Its execution may still be in flight: the slot stays taken until the lease ends.
        await(() -> claims.releaseOrphans());
        assertEquals(1, count("SELECT job_count FROM job_queues WHERE id = $1::uuid", queueId));

        database.query(
                "UPDATE job_runs SET lease_expires_at = now() - interval '1 second' WHERE queue_id = $1::uuid",
                queueId);
        await(() -> claims.releaseOrphans());
        assertEquals(0, count("SELECT job_count FROM job_queues WHERE id = $1::uuid", queueId));
        Invariants.assertHold(Invariants.over(database), tenant.environmentId(), Set.of());
    }

    @Test
    void limitChangesRacingWithClaimsCancelsAndNewRunsKeepTheCountExact() throws Exception {
        limit(4);
        for (int i = 0; i < 30; i++) {
            testRun();
        }
        Random random = new Random(5);
        List<Callable<Object>> calls = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            int newLimit = 1 + random.nextInt(8);
            calls.add(
                    switch (i % 5) {
                        case 0 -> () -> limit(newLimit);
                        case 1 -> this::testRun;
                        default -> () -> await(() -> claims.claim().map(ClaimAttempt::claim));
                    });
        }
        calls.add(() ->
                Api.as(tenant).post("/api/v1/jobs/poller/cancel-runs").then().statusCode(200));
        // The limit invariant, checked by PostgreSQL at every write of the queue row during the race:
        // no claim raises the count past the limit that row holds at that moment (a lowered limit may
        // leave more executing than it allows; nothing may start then).
        database.failWhen(
                "job_queues",
                "NEW.id = '" + queueId + "' AND NEW.job_count > OLD.job_count AND NEW.job_count > NEW.max_jobs");
        try {
            Race.run(12, calls);
        } finally {
            database.removeFailure("job_queues");
        }

        // A lowered limit may leave more executing than it allows (nothing in flight is stopped) ...
        Invariants.assertHoldAllowingLoweredLimits(Invariants.over(database), tenant.environmentId(), Set.of());
        // ... but no claim takes a slot while the queue is at or over its limit.
        limit(3);
        long holding = count("SELECT job_count FROM job_queues WHERE id = $1::uuid", queueId);
        long due = count(
                "SELECT count(*) FROM job_runs WHERE queue_id = $1::uuid AND status = 'QUEUED' AND next_execution_at <= now()",
                queueId);
        List<Claim> claimed = claimTogether((int) due + 2);
        assertEquals(
                Math.max(0, Math.min(due, 3 - holding)),
                claimed.size(),
                "with " + holding + " holding a slot, claims fill the queue up to its limit of 3 and no further");
        assertTrue(count("SELECT job_count FROM job_queues WHERE id = $1::uuid", queueId) <= Math.max(3, holding));
        Invariants.assertHoldAllowingLoweredLimits(Invariants.over(database), tenant.environmentId(), Set.of());
    }

    /** {@code count} claimers started by one latch; the claims that got a run. */
    private List<Claim> claimTogether(int count) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(count);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Claim>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return await(() -> claims.claim().map(ClaimAttempt::claim));
                }));
            }
            start.countDown();
            List<Claim> claimed = new ArrayList<>();
            for (Future<Claim> future : futures) {
                Claim claim = future.get();
                if (claim != null) {
                    claimed.add(claim);
                }
            }
            return claimed;
        } finally {
            pool.shutdownNow();
        }
    }

    private Object limit(int maxJobs) {
        return Api.as(tenant)
                .body(Map.of("maxJobs", maxJobs))
                .patch("/api/v1/queues/{id}", queueId)
                .then()
                .statusCode(200)
                .extract()
                .path("maxJobs");
    }

    private Object testRun() {
        return Api.as(tenant)
                .body("{}")
                .post("/api/v1/jobs/poller/test")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    private long count(String sql, String parameter) {
        return database.count(sql, parameter);
    }
}
