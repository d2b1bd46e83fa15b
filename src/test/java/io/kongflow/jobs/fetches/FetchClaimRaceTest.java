package io.kongflow.jobs.fetches;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kongflow.jobs.support.Api;
import io.kongflow.jobs.support.Database;
import io.kongflow.jobs.support.Fixtures;
import io.kongflow.jobs.support.OnVertx;
import io.kongflow.jobs.support.Race;
import io.kongflow.jobs.support.Tenants;
import io.kongflow.jobs.support.Tenants.Tenant;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Fetch tasks created through the tasks API become work (V26's trigger) that racing claimers (the
 * worker is off in this profile: only the test claims) take once each; a claim's lease keeps the
 * others off until it ends, and then the fetch is taken again with a new token, which fences off
 * the first claimer's outcome.
 */
@QuarkusTest
@Tag("race")
class FetchClaimRaceTest {

    private static final int FETCHES = 24;
    private static final int CLAIMERS = 8;

    final Database database = Database.shared();

    @Inject
    FetchClaims claims;

    @Inject
    FetchOutcomes outcomes;

    @Test
    void racingClaimersTakeEachDueFetchOnce() throws Exception {
        String run = queuedRun();
        Set<UUID> created = new HashSet<>();
        for (int i = 0; i < FETCHES; i++) {
            created.add(fetchTask(run, "fetch-" + i, "http://example.invalid/" + i));
        }
        assertEquals(FETCHES, database.count("""
                SELECT count(*) FROM task_operations o JOIN job_tasks t ON t.id = o.task_id
                WHERE t.run_id = $1::uuid AND o.due_at <= now() AND o.claims = 0""", run));

        List<Callable<List<ClaimedFetch>>> loops = new ArrayList<>();
        for (int i = 0; i < CLAIMERS; i++) {
            loops.add(() -> {
                List<ClaimedFetch> taken = new ArrayList<>();
                for (ClaimedFetch claimed = claim(); claimed != null; claimed = claim()) {
                    taken.add(claimed);
                }
                return taken;
            });
        }
        List<UUID> taken = Race.run(CLAIMERS, loops).stream()
                .flatMap(List::stream)
                .map(ClaimedFetch::taskId)
                .filter(created::contains)
                .toList();
        assertEquals(FETCHES, taken.size(), "no fetch was taken twice");
        assertEquals(created, new HashSet<>(taken), "every fetch was taken");
        assertNull(claimOf(created), "leased: none is due again before its lease ends");
    }

    @Test
    void aFetchWhoseLeaseEndedIsTakenAgainAndTheFirstClaimersOutcomeIsFencedOff() {
        String run = queuedRun();
        UUID task = fetchTask(run, "fetch", "http://example.invalid/");
        ClaimedFetch first = claimOf(Set.of(task));
        assertEquals(1, first.claims());
        assertEquals("fetch", first.operation());
        assertEquals("http://example.invalid/", first.params().path("url").asText());

        database.query("UPDATE task_operations SET due_at = now() - interval '1 second' WHERE task_id = $1", task);
        ClaimedFetch second = claimOf(Set.of(task));
        assertEquals(2, second.claims(), "the lost claim is counted");
        assertFalse(first.token().equals(second.token()));

        assertEquals(
                Boolean.FALSE,
                OnVertx.await(
                        () -> outcomes.write(first, FetchOutcome.complete(Fixtures.parse("{\"late\":1}"), null))));
        assertEquals("RUNNING", status(task), "the first claimer's late answer changed nothing");
        assertEquals(
                Boolean.TRUE,
                OnVertx.await(() -> outcomes.write(second, FetchOutcome.complete(Fixtures.parse("{\"ok\":1}"), null))));
        assertEquals("COMPLETED", status(task));
        assertEquals(0, database.count("SELECT count(*) FROM task_operations WHERE task_id = $1", task));
    }

    @Test
    void aFetchTakenTooOftenWithoutAnOutcomeIsGivenUp() {
        String run = queuedRun();
        UUID task = fetchTask(run, "fetch", "http://example.invalid/");
        database.query("UPDATE task_operations SET claims = $2 WHERE task_id = $1", task, PerformFetch.MAX_CLAIMS);
        ClaimedFetch claimed = claimOf(Set.of(task));
        FetchOutcome outcome = OnVertx.await(() -> performer().perform(claimed));
        assertEquals(FetchOutcome.Kind.FAIL, outcome.kind());
        assertTrue(outcome.error().contains("without an outcome"), outcome.error());
    }

    @Inject
    PerformFetch perform;

    private PerformFetch performer() {
        return perform;
    }

    private ClaimedFetch claim() {
        return OnVertx.await(() -> claims.claim());
    }

    /** Claims until one of {@code tasks} comes (others' due fetches, if any, are claimed on the way). */
    private ClaimedFetch claimOf(Set<UUID> tasks) {
        for (ClaimedFetch claimed = claim(); claimed != null; claimed = claim()) {
            if (tasks.contains(claimed.taskId())) {
                return claimed;
            }
        }
        return null;
    }

    private String status(UUID task) {
        return database.query("SELECT status FROM job_tasks WHERE id = $1", task)
                .get(0)
                .getString(0);
    }

    private UUID fetchTask(String run, String key, String url) {
        String id = Api.as(tenant)
                .header("Idempotency-Key", key)
                .body(Map.of(
                        "idempotencyKey",
                        key,
                        "name",
                        "fetch",
                        "operation",
                        "fetch",
                        "params",
                        Map.of("url", url),
                        "retry",
                        Map.of("limit", 0)))
                .post("/api/v1/runs/{runId}/tasks", run)
                .then()
                .statusCode(200)
                .extract()
                .path("id");
        return UUID.fromString(id);
    }

    private Tenant tenant;

    private String queuedRun() {
        tenant = Tenants.create();
        Api.endpoint(tenant, "app");
        Api.register(tenant, "app", Fixtures.job("index-a", "user-signup")).statusCode(201);
        return Api.as(tenant)
                .body(Map.of("payload", Map.of()))
                .post("/api/v1/jobs/{job}/test", "user-signup")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }
}
