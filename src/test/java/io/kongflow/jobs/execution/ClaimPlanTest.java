package io.kongflow.jobs.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kongflow.jobs.support.Api;
import io.kongflow.jobs.support.Database;
import io.kongflow.jobs.support.Fixtures;
import io.kongflow.jobs.support.Tenants;
import io.kongflow.jobs.support.Tenants.Tenant;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A claim runs on every wake-up of every replica: it must cost the same whatever waits in a full
 * queue. With 3 000 due runs in a queue of 1 that is full, a claim looks at no more than a handful
 * of rows (the old claim, walking due runs in order until one had room, read all of them).
 */
@QuarkusTest
class ClaimPlanTest {

    private static final int BACKLOG = 3_000;
    private static final Pattern ROWS = Pattern.compile("actual time=\\S+ rows=(\\d+) loops=(\\d+)");
    private static final Pattern REMOVED = Pattern.compile("Rows Removed by (?:Join )?Filter: (\\d+)");

    @Inject
    Database database;

    @Inject
    Pool pool;

    @Test
    void aBacklogInAFullQueueIsNotWalkedByAClaim() {
        Tenant tenant = Tenants.create();
        Api.endpoint(tenant, "app");
        var job = Fixtures.signup("backlog", "1.0.0");
        job.putObject("queue").put("name", "one-at-a-time").put("maxConcurrent", 1);
        Api.register(tenant, "app", job).statusCode(201);
        String run = Api.as(tenant)
                .body(Map.of("payload", Map.of()))
                .post("/api/v1/jobs/backlog/invoke")
                .then()
                .statusCode(200)
                .extract()
                .path("id");
        // The backlog: copies of the run, due in the past, and the queue full.
        database.query("""
                INSERT INTO job_runs
                SELECT (jsonb_populate_record(NULL::job_runs, to_jsonb(r) || jsonb_build_object(
                    'id', gen_random_uuid(), 'number', r.number + g,
                    'next_execution_at', now() - make_interval(secs => g)))).*
                FROM job_runs r, generate_series(1, $2) g WHERE r.id = $1::uuid""", run, BACKLOG);
        database.query(
                "UPDATE job_queues SET job_count = max_jobs WHERE id = (SELECT queue_id FROM job_runs WHERE id = $1::uuid)",
                run);
        assertEquals(
                BACKLOG + 1L,
                database.count(
                        "SELECT count(*) FROM job_runs WHERE queue_id = (SELECT queue_id FROM job_runs WHERE id = $1::uuid) AND next_execution_at <= now()",
                        run));

        String plan = analyzedAndRolledBack(ExecutionClaims.CLAIM
                .replace(":startable", "'{QUEUED,WAITING_TO_EXECUTE,WAITING_TO_CONTINUE}'")
                .replace(":owner", "'plan'")
                .replace(":leaseSeconds", "30"));
        int most = 0;
        Matcher rows = ROWS.matcher(plan);
        while (rows.find()) {
            most = Math.max(most, Integer.parseInt(rows.group(1)) * Integer.parseInt(rows.group(2)));
        }
        Matcher removed = REMOVED.matcher(plan);
        while (removed.find()) {
            most = Math.max(most, Integer.parseInt(removed.group(1)));
        }
        assertTrue(most < BACKLOG / 2, "a claim read " + most + " rows of a full queue's backlog:\n" + plan);
        assertEquals(
                BACKLOG + 1L,
                database.count(
                        "SELECT count(*) FROM job_runs WHERE queue_id = (SELECT queue_id FROM job_runs WHERE id = $1::uuid) AND next_execution_at <= now()",
                        run),
                "nothing claimed (the analysis was rolled back)");
    }

    /** EXPLAIN ANALYZE runs the statement: inside a transaction that is rolled back. */
    private String analyzedAndRolledBack(String statement) {
        return pool
                .withConnection(connection -> connection
                        .query("BEGIN")
                        .execute()
                        .chain(() -> connection
                                .query("EXPLAIN (ANALYZE) " + statement)
                                .execute())
                        .call(() -> connection.query("ROLLBACK").execute()))
                .await()
                .atMost(Duration.ofSeconds(60))
                .stream()
                .map(row -> row.getString(0))
                .collect(Collectors.joining("\n"));
    }
}
