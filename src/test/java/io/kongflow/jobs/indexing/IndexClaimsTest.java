package io.kongflow.jobs.indexing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kongflow.jobs.indexing.IndexQueue.Claim;
import io.kongflow.jobs.support.Api;
import io.kongflow.jobs.support.Database;
import io.kongflow.jobs.support.Fixtures;
import io.kongflow.jobs.support.HeldEndpoint;
import io.kongflow.jobs.support.OnVertx;
import io.kongflow.jobs.support.ParkedIndexes;
import io.kongflow.jobs.support.PatientIndexing;
import io.kongflow.jobs.support.Race;
import io.kongflow.jobs.support.Tenants;
import io.kongflow.jobs.support.Tenants.Tenant;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Claims of the durable index queue: each index to one worker at a time, and only its latest claim writes. */
@QuarkusTest
@TestProfile(PatientIndexing.class)
@Tag("race")
class IndexClaimsTest {

    private static final int CLAIMERS = 8;
    private static final int INDEXES = 64;

    final Database database = Database.shared();

    @Inject
    IndexQueue queue;

    @Inject
    IndexRunner runner;

    @Test
    void claimersReleasedTogetherClaimEachPendingIndexExactlyOnce() throws Exception {
        Tenant tenant = Tenants.create();
        Api.endpoint(tenant, "app");
        try (ParkedIndexes ignored = ParkedIndexes.park(database)) {
            Set<String> pending = database
                    .query(
                            "INSERT INTO endpoint_indexes (endpoint_id, source) "
                                    + "SELECT e.id, 'HOOK' FROM endpoints e, generate_series(1, $2) "
                                    + "WHERE e.environment_id = $1::uuid RETURNING id::text",
                            tenant.environmentId(),
                            INDEXES)
                    .stream()
                    .map(row -> row.getString(0))
                    .collect(Collectors.toSet());
            List<Callable<List<Claim>>> claimers = IntStream.range(0, CLAIMERS)
                    .mapToObj(i -> (Callable<List<Claim>>) this::claimUntilNoneLeft)
                    .toList();

            List<String> claimed = Race.run(CLAIMERS, claimers).stream()
                    .flatMap(List::stream)
                    .map(claim -> claim.indexId().toString())
                    .toList();

            Map<String, Long> claims = claimed.stream().collect(Collectors.groupingBy(id -> id, Collectors.counting()));
            Map<String, Long> notOnce = pending.stream()
                    .filter(id -> claims.getOrDefault(id, 0L) != 1)
                    .collect(Collectors.toMap(id -> id, id -> claims.getOrDefault(id, 0L)));
            assertEquals(Map.of(), notOnce, "indexes not claimed exactly once, with their claim counts");
            assertEquals(INDEXES, claimed.size(), "nothing but this test's indexes claimed");
            assertEquals(
                    INDEXES,
                    database.count(
                            "SELECT count(*) FROM endpoint_indexes WHERE id = ANY(CAST($1::text[] AS uuid[])) "
                                    + "AND status = 'STARTED' AND attempts = 1",
                            (Object) pending.toArray(String[]::new)));
        }
    }

    /** One worker's polls, in small batches so that the claimers overlap for many rounds. */
    private List<Claim> claimUntilNoneLeft() {
        List<Claim> mine = new ArrayList<>();
        List<Claim> batch;
        do {
            batch = OnVertx.await(() -> queue.claim(3));
            mine.addAll(batch);
        } while (!batch.isEmpty());
        return Collections.unmodifiableList(mine);
    }

    @Test
    void aWorkerOutlivingItsClaimCannotFinishTheIndexItsSuccessorRuns() throws Exception {
        Tenant tenant = Tenants.create();
        String lateAnswer = Fixtures.index("index-integrations").toString();
        String successorAnswer = Fixtures.index("index-a").toString();
        HeldEndpoint endpoint =
                HeldEndpoint.answeringPerCall(call -> call == 1 ? lateAnswer : successorAnswer, tenant.apiKey());
        try (ParkedIndexes ignored = ParkedIndexes.park(database)) {
            // Registering the endpoint queues the index this test claims.
            Api.endpoint(tenant, "app", endpoint.url());
            Claim first = onlyClaim();
            CompletableFuture<Void> late = runInBackground(first);
            endpoint.awaitCall(1);

            database.query(
                    "UPDATE endpoint_indexes SET started_at = now() - interval '1 day' WHERE id = $1", first.indexId());
            Claim second = onlyClaim();
            assertEquals(first.indexId(), second.indexId(), "the stale index is reclaimed");
            assertEquals(2, second.attempt());
            CompletableFuture<Void> successor = runInBackground(second);
            endpoint.awaitCall(2);

            endpoint.release(1);
            late.get(60, TimeUnit.SECONDS);
            assertEquals(List.of("STARTED", 2), index(first.indexId()), "the late attempt wrote nothing");
            assertEquals(0, jobCount(tenant), "the late attempt registered nothing");

            endpoint.release(2);
            successor.get(60, TimeUnit.SECONDS);
            assertEquals(List.of("SUCCESS", 2), index(first.indexId()));
            assertEquals(
                    4,
                    database.count(
                            "SELECT (stats ->> 'jobs')::int FROM endpoint_indexes WHERE id = $1", first.indexId()),
                    "the successor's answer (index-a) is the one recorded");
            assertEquals(4, jobCount(tenant));
        }
    }

    private Claim onlyClaim() {
        List<Claim> claims = OnVertx.await(() -> queue.claim(10));
        assertEquals(1, claims.size(), "only this test's index is unfinished: " + claims);
        return claims.get(0);
    }

    private CompletableFuture<Void> runInBackground(Claim claim) {
        return CompletableFuture.runAsync(() -> OnVertx.await(() -> runner.run(claim.indexId(), claim.attempt())));
    }

    private List<Object> index(UUID indexId) {
        var row = database.query("SELECT status, attempts FROM endpoint_indexes WHERE id = $1", indexId)
                .get(0);
        return List.of(row.getString(0), row.getInteger(1));
    }

    private long jobCount(Tenant tenant) {
        return database.count(
                "SELECT count(*) FROM job_versions WHERE environment_id = $1::uuid", tenant.environmentId());
    }
}
