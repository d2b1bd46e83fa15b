package io.kongflow.jobs.execution;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kongflow.jobs.support.Api;
import io.kongflow.jobs.support.Fixtures;
import io.kongflow.jobs.support.Tenants;
import io.kongflow.jobs.support.Tenants.Tenant;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.pgclient.PgConnection;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A claim runs on every wake-up of every replica, and a hand-over at the end of every execution:
 * both must cost the same whatever waits in the queues. With 3 000 due runs in a queue, neither
 * looks at more than a handful of rows — whether the queue is full (the claim of the first
 * release walked due runs in order until one had room) or has room, and with statistics taken
 * before the burst arrived (the planner then believed few runs were due, read all 3 000 with a
 * bitmap scan and sorted them). Every plan, the V12 functions' own included, is taken from
 * auto_explain inside a transaction that is rolled back: the backlog is never seen by the worker.
 */
@QuarkusTest
class ClaimPlanTest {

    private static final int BACKLOG = 3_000;
    private static final int AT_MOST = 100;
    private static final String STARTABLE = "'{QUEUED,WAITING_TO_EXECUTE,WAITING_TO_CONTINUE}'";
    private static final Pattern ROWS = Pattern.compile("actual time=\\S+ rows=(\\d+) loops=(\\d+)");
    private static final Pattern REMOVED = Pattern.compile("Rows Removed by (?:Join )?Filter: (\\d+)");

    @Inject
    Pool pool;

    @Test
    void aBacklogInAFullQueueIsNotWalkedByAClaim() {
        String run = queuedRun("full-backlog", 1);
        String plans = plansWithBacklog(run, "max_jobs", claim());
        assertFewRows(plans, "a claim, with the queue full");
    }

    @Test
    void aBacklogInAQueueWithRoomIsNotWalkedByAClaimOrAHandOver() {
        String run = queuedRun("open-backlog", 8);
        String handOver = SlotHandOver.HAND_OVER_OR_FREE
                .replace(":handOver", "true")
                .replace(":holdsSlot", "true")
                .replace(":queueId", "(SELECT queue_id FROM job_runs WHERE id = '" + run + "')")
                .replace(":startable", STARTABLE)
                .replace(":owner", "'plan'")
                .replace(":leaseSeconds", "30");
        // Twice: the second time, the statistics are taken over the first backlog's 3 000 dead rows
        // and say the table is nearly empty, which made the planner walk the whole primary key to
        // find a run by id (a join of the run's id, rather than a lookup of one value).
        for (String round : List.of("", " (statistics over dead rows)")) {
            String claimPlans = plansWithBacklog(run, "0", claim());
            assertFewRows(claimPlans, "a claim, with room in the queue" + round);
            assertTrue(
                    claimPlans.contains("LIMIT kongflow_due_runs.n"),
                    "the plan of V12's kongflow_due_runs was checked too:\n" + claimPlans);
            String plans = plansWithBacklog(run, "max_jobs", handOver);
            assertFewRows(plans, "a hand-over" + round);
            assertTrue(
                    plans.contains("kongflow_lock_due_run"), "the hand-over looks through V12's function:\n" + plans);
            assertTrue(plans.contains("AND NOT r.holds_slot"), "the function's own plan was checked too:\n" + plans);
        }
    }

    @Test
    void theDueRunFunctionsWalkTheIndexInOrderWithTheirSessionPlansToo() {
        String run = queuedRun("generic-backlog", 8);
        String queue = "(SELECT queue_id FROM job_runs WHERE id = '" + run + "')";
        // PL/pgSQL plans a query for its parameters at first, then may keep one generic plan for
        // the session: forced here, each function's own query must still walk the index in order.
        String plans = plansWithBacklog(
                run,
                "0",
                "SET LOCAL plan_cache_mode = force_generic_plan; SELECT"
                        + " (SELECT count(*) FROM kongflow_due_queues()),"
                        + " (SELECT count(*) FROM kongflow_due_runs(" + queue + ", " + STARTABLE + ", 8)),"
                        + " (SELECT count(*) FROM kongflow_lock_due_run(" + queue + ", " + STARTABLE + "))");
        assertFewRows(plans, "the functions' generic plans");
        for (String query : List.of("WITH RECURSIVE due_queues", "LIMIT kongflow_due_runs.n", "AND NOT r.holds_slot")) {
            assertTrue(plans.contains(query), "the plan of the function with \"" + query + "\" was seen:\n" + plans);
        }
        assertTrue(
                plans.contains("Index Cond: ((queue_id >= $1)"),
                "a generic plan names the queue by its parameter:\n" + plans);
    }

    private static String claim() {
        return ExecutionClaims.CLAIM
                .replace(":startable", STARTABLE)
                .replace(":owner", "'plan'")
                .replace(":leaseSeconds", "30");
    }

    /** A run of a new job whose queue allows {@code maxConcurrent}, through the API. */
    private static String queuedRun(String slug, int maxConcurrent) {
        Tenant tenant = Tenants.create();
        Api.endpoint(tenant, "app");
        var job = Fixtures.signup(slug, "1.0.0");
        job.putObject("queue").put("name", slug).put("maxConcurrent", maxConcurrent);
        Api.register(tenant, "app", job).statusCode(201);
        return Api.as(tenant)
                .body(Map.of("payload", Map.of()))
                .post("/api/v1/jobs/" + slug + "/invoke")
                .then()
                .statusCode(200)
                .extract()
                .path("id");
    }

    /**
     * In one transaction, rolled back: statistics taken now, then a backlog of copies of the run
     * (queued, due in the past, oldest first), the queue's {@code job_count} set to the given
     * expression, and the statement run with every plan it makes sent back as a notice.
     */
    private String plansWithBacklog(String run, String jobCount, String statement) {
        List<String> plans = new CopyOnWriteArrayList<>();
        List<String> script = List.of(
                "ANALYZE job_runs",
                """
                INSERT INTO job_runs
                SELECT (jsonb_populate_record(NULL::job_runs, to_jsonb(r) || jsonb_build_object(
                    'id', gen_random_uuid(), 'number', r.number + g, 'status', 'QUEUED', 'holds_slot', false,
                    'lease_owner', NULL, 'lease_expires_at', NULL,
                    'next_execution_at', now() - make_interval(secs => g)))).*
                FROM job_runs r, generate_series(1, %d) g WHERE r.id = '%s'""".formatted(BACKLOG, run),
                "UPDATE job_queues SET job_count = %s WHERE id = (SELECT queue_id FROM job_runs WHERE id = '%s')"
                        .formatted(jobCount, run),
                "LOAD 'auto_explain'",
                "SET LOCAL auto_explain.log_min_duration = 0",
                "SET LOCAL auto_explain.log_analyze = on",
                "SET LOCAL auto_explain.log_nested_statements = on",
                "SET LOCAL auto_explain.log_level = 'notice'",
                "SET LOCAL client_min_messages = 'notice'",
                statement);
        long due = pool.withConnection(connection -> {
                    PgConnection.cast(connection).noticeHandler(notice -> plans.add(notice.getMessage()));
                    var steps = connection.query("BEGIN").execute();
                    for (String sql : script) {
                        steps = steps.chain(() -> connection.query(sql).execute());
                    }
                    return steps.chain(() -> connection
                                    .query("SET LOCAL auto_explain.log_min_duration = -1")
                                    .execute())
                            .chain(() -> connection
                                    .query("SELECT count(*) FROM job_runs WHERE queue_id = (SELECT queue_id FROM"
                                            + " job_runs WHERE id = '" + run + "') AND next_execution_at <= now()")
                                    .execute())
                            .map(rows -> rows.iterator().next().getLong(0))
                            .call(() -> connection.query("ROLLBACK").execute())
                            .invoke(() -> PgConnection.cast(connection).noticeHandler(notice -> {}));
                })
                .await()
                .atMost(Duration.ofSeconds(60));
        assertTrue(due >= BACKLOG - 1, "the backlog was in place: " + due + " due runs");
        return String.join("\n", plans);
    }

    private static void assertFewRows(String plans, String what) {
        assertTrue(plans.contains("actual time"), "auto_explain reported the plans of " + what);
        int most = 0;
        Matcher rows = ROWS.matcher(plans);
        while (rows.find()) {
            most = Math.max(most, Integer.parseInt(rows.group(1)) * Integer.parseInt(rows.group(2)));
        }
        Matcher removed = REMOVED.matcher(plans);
        while (removed.find()) {
            most = Math.max(most, Integer.parseInt(removed.group(1)));
        }
        assertTrue(most <= AT_MOST, what + " read " + most + " rows of a backlog of " + BACKLOG + ":\n" + plans);
    }
}
