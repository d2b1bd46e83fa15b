package io.kongflow.jobs.fetches;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kongflow.jobs.support.Api;
import io.kongflow.jobs.support.Database;
import io.kongflow.jobs.support.Eventually;
import io.kongflow.jobs.support.NeededTools;
import io.kongflow.jobs.support.Prometheus;
import io.kongflow.jobs.support.RunWaits;
import io.kongflow.jobs.support.SdkEndpoint;
import io.kongflow.jobs.support.Tenants;
import io.kongflow.jobs.support.Tenants.Tenant;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Jobs of a real {@code @trigger.dev/sdk@2.3.18} app call {@code io.backgroundFetch},
 * {@code backgroundFetchResponse} and {@code backgroundPoll}: the service performs each request
 * (against a server the test runs on loopback, which this profile allows), with the task's retry
 * rules and timeouts, and resumes the run with what the SDK hands back to the job.
 */
@QuarkusTest
@TestProfile(FetchesOn.class)
class RealSdkFetchTest {

    private static final String ENDPOINT_ID = "kongflow-fetch-test";

    private static Tenant tenant;
    private static SdkEndpoint endpoint;
    private static FetchTarget target;

    final Database database = Database.shared();

    @BeforeAll
    static void requireNode() {
        NeededTools.require("the real SDK endpoint runs on Node.js", "node", "npm");
    }

    @BeforeEach
    void startEndpoint() throws Exception {
        if (endpoint != null) {
            return;
        }
        target = new FetchTarget();
        tenant = Tenants.create();
        endpoint = SdkEndpoint.executing(tenant, ENDPOINT_ID);
    }

    @AfterAll
    static void stop() throws Exception {
        if (endpoint != null) {
            endpoint.close();
        }
        if (target != null) {
            target.close();
        }
    }

    @Test
    void backgroundFetchAnswersTheParsedBodyOfTheRequestTheJobDescribed() {
        String run = invoke(
                "fetch-json",
                Map.of(
                        "url", target.url("/echo"),
                        "init", Map.of("method", "post", "body", "hello"),
                        "token", "s3cret"));
        assertEquals("SUCCESS", awaitFinal(run));
        assertEquals(
                "{\"body\": {\"body\": \"hello\", \"method\": \"POST\", \"authorization\": \"Bearer s3cret\"}}",
                database.runOutput(run),
                "the redacted header was put back together for the request");
        assertEquals(
                List.of("fetch:COMPLETED:1:1"),
                tasks(run),
                "one task, completed at its first attempt, its attempt completed");
        String params = database.query("SELECT params::text FROM job_tasks WHERE run_id = $1::uuid", run)
                .get(0)
                .getString(0);
        assertTrue(params.contains("\"__redactedString\": true"), "kept as the SDK sent it, for display: " + params);
    }

    @Test
    void backgroundFetchResponseAnswersStatusHeadersAndData() {
        String run = invoke("fetch-response", Map.of("url", target.url("/echo")));
        assertEquals("SUCCESS", awaitFinal(run));
        Api.as(tenant)
                .get("/api/v1/runs/{id}", run)
                .then()
                .statusCode(200)
                .body("output.response.status", org.hamcrest.Matchers.equalTo(200))
                .body("output.response.headers.x-echo", org.hamcrest.Matchers.equalTo("yes"))
                .body("output.response.headers.content-type", org.hamcrest.Matchers.equalTo("application/json"))
                .body("output.response.data.method", org.hamcrest.Matchers.equalTo("GET"));
    }

    @Test
    void aBodyThatIsNotJsonIsNull() {
        String run = invoke("fetch-response", Map.of("url", target.url("/text")));
        assertEquals("SUCCESS", awaitFinal(run));
        assertTrue(database.runOutput(run).contains("\"data\": null"), database.runOutput(run));
    }

    @Test
    void backgroundPollAsksAgainAtItsIntervalUntilTheResponseFilterMatches() {
        String key = UUID.randomUUID().toString();
        String run = invoke(
                "fetch-poll",
                Map.of(
                        "url", target.url("/poll?key=" + key),
                        "responseFilter", Map.of("status", List.of(200), "body", Map.of("status", List.of("DONE")))));
        assertEquals("SUCCESS", awaitFinal(run, 60));
        assertEquals("{\"polled\": {\"status\": \"DONE\"}}", database.runOutput(run));
        assertEquals(2, target.calls("/poll", "key=" + key), "a request per interval until the filter matched");
        assertEquals(
                List.of("fetch-poll:COMPLETED:1:1", "poll attempt:COMPLETED:0:0", "poll attempt:COMPLETED:0:0"),
                tasks(run),
                "each request is kept as a poll attempt, as v2 showed them");
    }

    @Test
    void aStatusTheRetryRulesNameIsRetriedAsANewAttemptThenSucceeds() {
        double retried = fetches("retry");
        double completed = fetches("complete");
        double timed = Prometheus.sample("kongflow_fetch_attempt_seconds_count", "");
        String key = UUID.randomUUID().toString();
        Map<String, Object> backoff =
                Map.of("strategy", "backoff", "limit", 3, "minTimeoutInMs", 100, "factor", 1, "randomize", false);
        String run = invoke(
                "fetch-json",
                Map.of("url", target.url("/flaky?key=" + key), "options", Map.of("retry", Map.of("5xx", backoff))));
        assertEquals("SUCCESS", awaitFinal(run));
        assertEquals("{\"body\": {\"ok\": true}}", database.runOutput(run));
        assertEquals(2, target.calls("/flaky", "key=" + key));
        List<String> attempts = database
                .query(
                        "SELECT a.number || ':' || a.status || ':' || COALESCE(a.error, '') FROM job_task_attempts a"
                                + " JOIN job_tasks t ON t.id = a.task_id WHERE t.run_id = $1::uuid ORDER BY a.number",
                        run)
                .stream()
                .map(row -> row.getString(0))
                .toList();
        assertEquals(List.of("1:ERRORED:Fetch failed with status 500", "2:COMPLETED:"), attempts);
        assertEquals(retried + 1, fetches("retry"), "the 500, retried");
        assertEquals(completed + 1, fetches("complete"), "then the 200");
        assertEquals(timed + 2, Prometheus.sample("kongflow_fetch_attempt_seconds_count", ""), "both attempts timed");
    }

    private static double fetches(String outcome) {
        return Prometheus.sample("kongflow_fetches_total", "outcome=\"" + outcome + "\"");
    }

    @Test
    void aPermanentFailureErrorsTheTaskWithTheResponseBodyAndTheJobSeesIt() {
        Map<String, Object> backoff =
                Map.of("strategy", "backoff", "limit", 2, "minTimeoutInMs", 100, "randomize", false);
        String run = invoke(
                "fetch-json", Map.of("url", target.url("/down"), "options", Map.of("retry", Map.of("500", backoff))));
        assertEquals("FAILURE", awaitFinal(run));
        assertTrue(database.runOutput(run).contains("\"message\": \"permanently down\""), database.runOutput(run));
        assertEquals(List.of("fetch:ERRORED:2:2"), tasks(run), "tried twice (limit 2), then errored");

        String caught = invoke("fetch-catch", Map.of("url", target.url("/down")));
        assertEquals("SUCCESS", awaitFinal(caught));
        assertTrue(database.runOutput(caught).contains("permanently down"), database.runOutput(caught));
    }

    @Test
    void aResponseTheDatabaseCannotStoreErrorsTheTaskSayingSoRatherThanFetchingForever() {
        String run = invoke("fetch-catch", Map.of("url", target.url("/nul")));
        assertEquals("SUCCESS", awaitFinal(run));
        assertTrue(
                database.runOutput(run).contains("The fetch's response could not be stored"), database.runOutput(run));
        assertEquals(List.of("fetch:ERRORED:1:1"), tasks(run), "one attempt, ended");
        assertEquals(1, target.calls("/nul", "null"), "fetched once");
    }

    @Test
    void aRequestOverItsTimeoutErrorsTheTask() {
        String run = invoke(
                "fetch-catch",
                Map.of("url", target.url("/slow"), "options", Map.of("timeout", Map.of("durationInMs", 1000))));
        assertEquals("SUCCESS", awaitFinal(run));
        assertTrue(database.runOutput(run).contains("Fetch timed out after 1000ms"), database.runOutput(run));
    }

    @Test
    void targetsThePolicyRefusesAreClearTaskErrorsAndNeverReached() {
        int before = target.received().size();
        double failed = fetches("fail");
        Map<String, String> refusals = Map.of(
                "http://10.1.2.3/x",
                "private network addresses are not allowed (kongflow.fetches.private-networks-allowed)",
                "http://169.254.169.254/latest/meta-data",
                "link-local addresses are not allowed",
                "http://127.0.0.1:" + RestAssured.port + "/q/health",
                "the service's own listeners are not allowed",
                target.url("/redirect?to=" + URLEncoder.encode("http://169.254.169.254/", StandardCharsets.UTF_8)),
                "The outbound policy refused http://169.254.169.254/: link-local addresses are not allowed");
        refusals.forEach((url, rule) -> {
            String run = invoke("fetch-json", Map.of("url", url));
            assertEquals("FAILURE", awaitFinal(run), url);
            String output = database.runOutput(run);
            assertTrue(output.contains("The outbound policy refused") && output.contains(rule), url + ": " + output);
            assertEquals(List.of("fetch:ERRORED:1:1"), tasks(run), "refusals are not retried: " + url);
        });
        assertEquals(
                List.of("/redirect"),
                target.received().subList(before, target.received().size()).stream()
                        .map(FetchTarget.Received::path)
                        .toList(),
                "only the allowed first hop was reached");
        assertEquals(failed + refusals.size(), fetches("fail"), "each refusal counted as a failed attempt");
    }

    @Test
    void aFetchWhoseReplicaDiedIsTakenOverWhenItsLeaseEndsAndTheLateAnswerIsIgnored() throws Exception {
        String key = UUID.randomUUID().toString();
        String run = invoke("fetch-json", Map.of("url", target.url("/hold?key=" + key)));
        assertTrue(target.awaitHeld(), "the fetch was claimed and its request made");
        // The claiming replica is gone: its lease ends now, as it would after a SIGKILL.
        assertEquals(
                1,
                database.query(
                                "UPDATE task_operations o SET due_at = now() - interval '1 second' FROM job_tasks t"
                                        + " WHERE t.id = o.task_id AND t.run_id = $1::uuid RETURNING o.task_id",
                                run)
                        .size());
        assertEquals("SUCCESS", awaitFinal(run));
        assertEquals("{\"body\": {\"n\": 2}}", database.runOutput(run), "the replica that took it over answered");
        double superseded = fetches("superseded");
        target.release();
        // The first claim's answer comes back now and is fenced off by its lease token: not written.
        Eventually.await(
                () -> fetches("superseded") == superseded + 1,
                "the first claim's late answer to be refused",
                Duration.ofSeconds(10));
        assertEquals("{\"body\": {\"n\": 2}}", database.runOutput(run));
        assertEquals(List.of("fetch:COMPLETED:1:1"), tasks(run));
        assertEquals(
                0,
                database.count(
                        "SELECT count(*) FROM task_operations o JOIN job_tasks t ON t.id = o.task_id WHERE t.run_id = $1::uuid",
                        run),
                "no work left behind");
    }

    /** operation (a subtask: its name):status:attempts:attempts no longer PENDING, in task order. */
    private List<String> tasks(String run) {
        return database.query("""
                        SELECT CASE WHEN t.parent_id IS NULL THEN t.operation ELSE t.name END || ':' || t.status || ':' || (SELECT count(*) FROM job_task_attempts a WHERE a.task_id = t.id)
                            || ':' || (SELECT count(*) FROM job_task_attempts a WHERE a.task_id = t.id AND a.status <> 'PENDING')
                        FROM job_tasks t WHERE t.run_id = $1::uuid ORDER BY t.seq""", run).stream().map(row -> row.getString(0)).toList();
    }

    private static String invoke(String job, Object payload) {
        return Api.as(tenant)
                .body(Map.of("payload", payload))
                .post("/api/v1/jobs/{slug}/invoke", job)
                .then()
                .statusCode(200)
                .extract()
                .path("id");
    }

    private static String awaitFinal(String run) {
        return awaitFinal(run, 30);
    }

    private static String awaitFinal(String run, int seconds) {
        return RunWaits.awaitFinal(tenant, run, java.time.Duration.ofSeconds(seconds));
    }
}
