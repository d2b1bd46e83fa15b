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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
 * bitmap scan and sorted them). Nor do they read the runs waiting for a wait or a retry delay
 * to end: with 100 000 of them, in the queue a claim looks into and in others, a claim, a
 * hand-over and the next-due probe read a few index pages per walk. Every plan, the V12 functions'
 * own included, is taken from auto_explain inside a transaction that is rolled back: the backlog
 * is never seen by the worker.
 */
@QuarkusTest
class ClaimPlanTest {

    private static final int BACKLOG = 3_000;
    private static final int AT_MOST = 100;
    private static final String STARTABLE = "'{QUEUED,WAITING_TO_EXECUTE,WAITING_TO_CONTINUE}'";
    private static final Pattern ROWS = Pattern.compile("actual time=\\S+ rows=(\\d+) loops=(\\d+)");
    private static final Pattern REMOVED = Pattern.compile("Rows Removed by (?:Join )?Filter: (\\d+)");
    private static final int WAITING = 100_000;
    /** Pages one walk of the due-run indexes may read: its descent, and the heap of a few runs. */
    private static final int PAGES_PER_WALK = 16;
    // A scan of an index of due times and the pages its walks read (an index condition skips
    // entries unseen by the row counts above: only the pages read show a walk over waiting runs).
    private static final Pattern INDEX_WALK = Pattern.compile(
            "Index (?:Only )?Scan using (job_runs_(?:queue_)?due_idx) on job_runs .*loops=(\\d+)\\)\\n"
                    + "(?:(?!.*(?:->|Query Text|duration:)).*\\n)*?\\s*Buffers: shared(?: hit=(\\d+))?(?: read=(\\d+))?");

    /** A marker of each due-run function's own query, to check its plan was read. */
    private static final List<String> FUNCTION_QUERIES = List.of(
            "WITH RECURSIVE queue_heads",
            "LIMIT kongflow_due_runs.n",
            "AND NOT r.holds_slot",
            "ORDER BY r.next_execution_at LIMIT 1");

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
        String handOver = handOver("(SELECT queue_id FROM job_runs WHERE id = '" + run + "')");
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
                        + " (SELECT count(*) FROM kongflow_lock_due_run(" + queue + ", " + STARTABLE + ")),"
                        + " kongflow_next_due_at(" + STARTABLE + ")");
        assertFewRows(plans, "the functions' generic plans");
        for (String query : FUNCTION_QUERIES) {
            assertTrue(plans.contains(query), "the plan of the function with \"" + query + "\" was seen:\n" + plans);
        }
        assertTrue(
                plans.contains("Index Cond: ((queue_id = ANY (ARRAY[$1]))"),
                "a generic plan names the queue by its parameter:\n" + plans);
    }

    @Test
    void runsWaitingForTheirTimeAreNotWalkedByAClaimAHandOverOrTheNextDueProbe() {
        String run = queuedRun("waiting-backlog", 8);
        // Two queues of the run's environment, made in the transaction: the claim looks into the
        // first (2 due runs, fewer than it asks for, then half the waiting runs); the hand-over
        // into the second (nothing due, the other half), which the claim's walk of queues passes.
        String claimed = "'" + UUID.randomUUID() + "'";
        String handing = "'" + UUID.randomUUID() + "'";
        List<String> setup = List.of(
                "ANALYZE job_runs",
                """
                INSERT INTO job_queues (id, environment_id, name, max_jobs)
                SELECT CAST(v.id AS uuid), q.environment_id, q.name || '-' || v.id, 8
                FROM job_queues q, (VALUES (%s), (%s)) v(id)
                WHERE q.id = (SELECT queue_id FROM job_runs WHERE id = '%s')""".formatted(claimed, handing, run),
                copies(
                        run,
                        WAITING,
                        "CAST(CASE WHEN g %% 2 = 0 THEN %s ELSE %s END AS uuid)".formatted(claimed, handing),
                        "'WAITING_TO_CONTINUE'",
                        "now() + interval '1 day' + make_interval(secs => g)",
                        0),
                copies(
                        run,
                        2,
                        "CAST(" + claimed + " AS uuid)",
                        "'QUEUED'",
                        "now() - make_interval(secs => g)",
                        WAITING),
                "UPDATE job_queues SET job_count = max_jobs WHERE id = " + handing);
        String nextDue = "SELECT (" + nextDueProbe().replace(":startable", STARTABLE) + ")";
        String functions = "SET LOCAL plan_cache_mode = force_generic_plan; SELECT"
                + " (SELECT count(*) FROM kongflow_due_queues()),"
                + " (SELECT count(*) FROM kongflow_due_runs(" + claimed + ", " + STARTABLE + ", 8)),"
                + " (SELECT count(*) FROM kongflow_lock_due_run(" + handing + ", " + STARTABLE + "))";
        // The other tests' backlogs, rolled back, leave dead entries that every walk steps over
        // until a vacuum: they are not what this test is about.
        pool.query("VACUUM job_runs").execute().await().atMost(Duration.ofSeconds(60));
        var plans = plans(
                setup,
                List.of(claim(), handOver(handing), nextDue, functions),
                "SELECT count(*) FROM job_runs WHERE next_execution_at > now() + interval '1 day'");
        assertTrue(plans.check() == WAITING, "the waiting runs were in place: " + plans.check());
        assertShortWalks(plans.text(), "a claim, a hand-over and the next-due probe, with runs waiting");
        assertFewRows(plans.text(), "a claim, a hand-over and the next-due probe, with runs waiting");
        for (String query : FUNCTION_QUERIES) {
            assertTrue(
                    plans.text().contains(query),
                    "the plan of the function with \"" + query + "\" was seen:\n" + plans.text());
        }
    }

    private static String claim() {
        return ExecutionClaims.CLAIM
                .replace(":startable", STARTABLE)
                .replace(":owner", "'plan'")
                .replace(":leaseSeconds", "30");
    }

    /** The claim's answer of when the next wait ends: the subquery it runs when it took the last due run. */
    private static String nextDueProbe() {
        String claim = ExecutionClaims.CLAIM.replaceAll("\\s+", " ");
        int start = claim.indexOf("CASE WHEN NOT more.more THEN (") + "CASE WHEN NOT more.more THEN (".length();
        return claim.substring(start, claim.indexOf(") END AS delay_ms", start)).strip();
    }

    private static String handOver(String queue) {
        return SlotHandOver.HAND_OVER_OR_FREE
                .replace(":handOver", "true")
                .replace(":holdsSlot", "true")
                .replace(":queueId", queue)
                .replace(":startable", STARTABLE)
                .replace(":owner", "'plan'")
                .replace(":leaseSeconds", "30");
    }

    /**
     * Copies of the run, {@code g} from 1 to {@code count}, in the given queue, status and time, each
     * with a copy of its (delivered) event: an event has one run per version (V17). The record is
     * made in a lateral join: {@code (f(…)).*} would call f once per column.
     */
    private static String copies(String run, int count, String queue, String status, String dueAt, int numberedAfter) {
        return """
                WITH g AS (SELECT g, gen_random_uuid() AS event_uuid FROM generate_series(1, %d) g),
                events AS (
                    INSERT INTO event_records (id, environment_id, organization_id, project_id, event_id, name, source,
                        payload, context, is_test, deliver_at, delivered_at)
                    SELECT g.event_uuid, e.environment_id, e.organization_id, e.project_id, e.event_id || ':copy:' || g.event_uuid,
                        e.name, e.source, e.payload, e.context, e.is_test, e.deliver_at, COALESCE(e.delivered_at, now())
                    FROM job_runs r JOIN event_records e ON e.id = r.event_id CROSS JOIN g WHERE r.id = '%s')
                INSERT INTO job_runs
                SELECT copy.* FROM job_runs r CROSS JOIN g
                CROSS JOIN LATERAL jsonb_populate_record(NULL::job_runs, to_jsonb(r) || jsonb_build_object(
                    'id', gen_random_uuid(), 'event_id', g.event_uuid, 'number', r.number + %d + g.g, 'status', %s,
                    'holds_slot', false, 'lease_owner', NULL, 'lease_expires_at', NULL, 'queue_id', %s,
                    'next_execution_at', %s)) copy
                WHERE r.id = '%s'""".formatted(count, run, numberedAfter, status, queue, dueAt, run);
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
        var plans = plans(
                List.of(
                        "ANALYZE job_runs",
                        copies(run, BACKLOG, "r.queue_id", "'QUEUED'", "now() - make_interval(secs => g)", 0),
                        "UPDATE job_queues SET job_count = %s WHERE id = (SELECT queue_id FROM job_runs WHERE id = '%s')"
                                .formatted(jobCount, run)),
                List.of(statement),
                "SELECT count(*) FROM job_runs WHERE queue_id = (SELECT queue_id FROM job_runs WHERE id = '" + run
                        + "') AND next_execution_at <= now()");
        assertTrue(plans.check() >= BACKLOG - 1, "the backlog was in place: " + plans.check() + " due runs");
        return plans.text();
    }

    private record Plans(String text, long check) {}

    /**
     * In one transaction, rolled back: the setup, then the statements with every plan they make
     * (actual rows and pages read) sent back as a notice, then the check's number.
     */
    private Plans plans(List<String> setup, List<String> statements, String check) {
        List<String> plans = new CopyOnWriteArrayList<>();
        List<String> script = new ArrayList<>(setup);
        script.addAll(List.of(
                "LOAD 'auto_explain'",
                "SET LOCAL auto_explain.log_min_duration = 0",
                "SET LOCAL auto_explain.log_analyze = on",
                "SET LOCAL auto_explain.log_buffers = on",
                "SET LOCAL auto_explain.log_nested_statements = on",
                "SET LOCAL auto_explain.log_level = 'notice'",
                "SET LOCAL client_min_messages = 'notice'"));
        script.addAll(statements);
        script.add("SET LOCAL auto_explain.log_min_duration = -1");
        long checked = pool.withConnection(connection -> {
                    PgConnection.cast(connection).noticeHandler(notice -> plans.add(notice.getMessage()));
                    var steps = connection.query("BEGIN").execute();
                    for (String sql : script) {
                        steps = steps.chain(() -> connection.query(sql).execute());
                    }
                    return steps.chain(() -> connection.query(check).execute())
                            .map(rows -> rows.iterator().next().getLong(0))
                            .call(() -> connection.query("ROLLBACK").execute())
                            // A failed statement must not hand the pool a connection in a broken transaction.
                            .onFailure()
                            .call(() -> connection.query("ROLLBACK").execute())
                            .onTermination()
                            .invoke(() -> PgConnection.cast(connection).noticeHandler(notice -> {}));
                })
                .await()
                .atMost(Duration.ofSeconds(60));
        return new Plans(String.join("\n", plans), checked);
    }

    private static void assertFewRows(String plans, String what) {
        assertTrue(plans.contains("actual time"), "auto_explain reported the plans of " + what);
        // PostgreSQL's own foreign-key checks are left out: an update of a run inserted in the same
        // transaction (the backlog, made and rolled back here) re-checks its keys, planned with the
        // statistics taken before the backlog; they are not walks of our indexes.
        plans = java.util.Arrays.stream(plans.split("(?=duration: )"))
                .filter(plan -> !plan.contains("FOR KEY SHARE OF x"))
                .collect(java.util.stream.Collectors.joining());
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

    /** No walk of an index of due times reads more than a few pages, whatever waits in it. */
    private static void assertShortWalks(String plans, String what) {
        int walks = 0;
        List<String> longWalks = new ArrayList<>();
        Matcher walk = INDEX_WALK.matcher(plans);
        while (walk.find()) {
            walks++;
            int loops = Integer.parseInt(walk.group(2));
            int pages = (walk.group(3) == null ? 0 : Integer.parseInt(walk.group(3)))
                    + (walk.group(4) == null ? 0 : Integer.parseInt(walk.group(4)));
            if (pages > PAGES_PER_WALK * loops) {
                longWalks.add(walk.group(1) + ": " + pages + " pages in " + loops + " walks");
            }
        }
        assertTrue(walks > 0, "the pages read by the index walks of " + what + " were reported:\n" + plans);
        assertTrue(
                longWalks.isEmpty(),
                what + ": walks read more than " + PAGES_PER_WALK + " pages each: " + longWalks + "\n" + plans);
    }
}
