package io.kongflow.jobs.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kongflow.jobs.support.Api;
import io.kongflow.jobs.support.Eventually;
import io.kongflow.jobs.support.NeededTools;
import io.kongflow.jobs.support.RunWaits;
import io.kongflow.jobs.support.SdkEndpoint;
import io.kongflow.jobs.support.Tenants;
import io.kongflow.jobs.support.Tenants.Tenant;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A run of a real {@code @trigger.dev/sdk@2.3.18} app is one trace (docs/traces.md), checked span by
 * span through the tests' in-memory exporter: the API call that created it (continuing the caller's
 * {@code traceparent}), its creation, each execution with its EXECUTE_JOB call (whose context the
 * endpoint received), its tasks, the retry and the wait.
 */
@QuarkusTest
@TestProfile(TracingOn.class)
class RunTracesTest {

    private static final String ENDPOINT_ID = "kongflow-trace-test";
    private static final SecureRandom RANDOM = new SecureRandom();

    private static Tenant tenant;
    private static SdkEndpoint endpoint;

    @Inject
    InMemorySpanExporter exporter;

    @BeforeAll
    static void requireNode() {
        NeededTools.require("the real SDK endpoint runs on Node.js", "node", "npm");
    }

    @BeforeEach
    void startEndpoint() throws Exception {
        if (endpoint != null) {
            return;
        }
        tenant = Tenants.create();
        endpoint = SdkEndpoint.executing(tenant, ENDPOINT_ID);
    }

    @AfterAll
    static void stopEndpoint() throws Exception {
        if (endpoint != null) {
            endpoint.close();
        }
    }

    @Test
    void aRealSdkRunWithATaskARetryAndAWaitIsOneTraceUnderTheCallersTraceparent() {
        String traceId = hex(16);
        String callerSpan = hex(8);
        LogLines lines = LogLines.of("io.kongflow.jobs.execution");
        String run = Api.as(tenant)
                .header("traceparent", "00-" + traceId + "-" + callerSpan + "-01")
                .body(Map.of("payload", Map.of()))
                .post("/api/v1/jobs/{slug}/invoke", "exec-tasks")
                .then()
                .statusCode(200)
                .body("traceId", Matchers.equalTo(traceId))
                .extract()
                .path("id");
        assertEquals("SUCCESS", RunWaits.awaitFinal(tenant, run, Duration.ofSeconds(60)));
        Api.as(tenant).get("/api/v1/runs/{id}", run).then().statusCode(200).body("traceId", Matchers.equalTo(traceId));
        List<String> logged = lines.stop().stream()
                .filter(line -> run.equals(line.get("runId")))
                .map(line -> line.get("traceId"))
                .toList();
        assertTrue(logged.size() >= 3, "every execution logs a line (at DEBUG): " + logged);
        assertTrue(logged.stream().allMatch(traceId::equals), "each line of the run carries its trace id: " + logged);
        Eventually.await(
                () -> spans(traceId).stream()
                        .anyMatch(span -> span.getName().equals("process exec-tasks")
                                && "SUCCESS".equals(attribute(span, "kongflow.run.status"))),
                "the last execution's span is exported");
        List<SpanData> trace = spans(traceId);

        // The API call continues the caller's trace; the run's creation is under it.
        SpanData server = only(
                trace,
                span -> span.getKind() == SpanKind.SERVER && span.getName().contains("/invoke"));
        assertEquals(callerSpan, server.getParentSpanId(), "the server span continues the caller's traceparent");
        SpanData creation = only(trace, span -> span.getName().equals("create exec-tasks"));
        assertEquals(SpanKind.PRODUCER, creation.getKind());
        assertEquals(server.getSpanId(), creation.getParentSpanId());
        assertEquals(
                server.getSpanId(),
                only(trace, span -> span.getName().equals("INSERT job_runs")).getParentSpanId(),
                "the extension traces the call's SQL statements under it");
        assertEquals(run, attribute(creation, "messaging.message.id"));
        assertEquals("kongflow", attribute(creation, "messaging.system"));
        assertEquals("create", attribute(creation, "messaging.operation.type"));
        assertEquals(
                creation.getSpanId(),
                database()
                        .query("SELECT trace_span_id FROM job_runs WHERE id = $1::uuid", run)
                        .get(0)
                        .getString(0),
                "the run stores its creation span");

        // One span per execution, each under the creation span, each with its EXECUTE_JOB call.
        List<SpanData> executions = trace.stream()
                .filter(span -> span.getName().equals("process exec-tasks"))
                .sorted(java.util.Comparator.comparingLong(SpanData::getStartEpochNanos))
                .toList();
        assertTrue(executions.size() >= 3, "a wait and a retry make at least 3 executions: " + executions.size());
        List<Map<String, Object>> arrivals =
                RestAssured.given().get(endpoint.statsUrl()).then().extract().path("executeJobs." + run + ".arrivals");
        assertEquals(executions.size(), arrivals.size(), "one span per EXECUTE_JOB the endpoint received");
        for (int i = 0; i < executions.size(); i++) {
            SpanData execution = executions.get(i);
            assertEquals(SpanKind.CONSUMER, execution.getKind());
            assertEquals(creation.getSpanId(), execution.getParentSpanId());
            assertEquals(run, attribute(execution, "kongflow.run.id"));
            assertEquals("exec-tasks", attribute(execution, "kongflow.job.id"));
            assertEquals("1.0.0", attribute(execution, "kongflow.job.version"));
            assertEquals("process", attribute(execution, "messaging.operation.type"));
            assertEquals(
                    (long) i + 1, execution.getAttributes().get(AttributeKey.longKey("kongflow.execution.number")));
            assertNotNull(attribute(execution, "kongflow.replica"));
            assertNotNull(attribute(execution, "kongflow.execution.outcome"));
            SpanData call = only(
                    trace,
                    span -> span.getName().equals("EXECUTE_JOB")
                            && span.getParentSpanId().equals(execution.getSpanId()));
            assertEquals(SpanKind.CLIENT, call.getKind());
            assertEquals(200L, call.getAttributes().get(AttributeKey.longKey("http.response.status_code")));
            assertTrue(call.getStartEpochNanos() >= execution.getStartEpochNanos());
            assertTrue(call.getEndEpochNanos() <= execution.getEndEpochNanos());
            assertEquals(
                    "00-" + traceId + "-" + call.getSpanId() + "-01",
                    arrivals.get(i).get("traceparent"),
                    "the endpoint received the call's span as its parent");
        }
        assertEquals("SUCCESS", attribute(executions.get(executions.size() - 1), "kongflow.execution.outcome"));
        assertTrue(
                executions.stream()
                        .anyMatch(span -> "RESUME_WITH_TASK".equals(attribute(span, "kongflow.execution.outcome"))),
                "the wait");
        assertTrue(
                executions.stream()
                        .flatMap(span -> span.getEvents().stream())
                        .anyMatch(event -> event.getName().equals("task.retry")),
                "the retry is an event of the execution that answered it");

        // One span per task, under the creation span, with the task's own times and status.
        SpanData step = only(trace, span -> span.getName().equals("task Step 1"));
        assertEquals(creation.getSpanId(), step.getParentSpanId());
        assertEquals(StatusCode.OK, step.getStatus().getStatusCode());
        assertEquals("COMPLETED", attribute(step, "kongflow.task.status"));
        SpanData wait = only(trace, span -> span.getName().equals("wait wait"));
        assertEquals(creation.getSpanId(), wait.getParentSpanId());
        assertEquals(Boolean.TRUE, wait.getAttributes().get(AttributeKey.booleanKey("kongflow.task.wait")));
        long waited = wait.getEndEpochNanos() - wait.getStartEpochNanos();
        assertTrue(waited >= Duration.ofMillis(1900).toNanos(), "the wait's span lasts the 2 s wait: " + waited);
        SpanData flaky = only(trace, span -> span.getName().equals("task Flaky"));
        assertEquals(2L, flaky.getAttributes().get(AttributeKey.longKey("kongflow.task.attempts")));
        assertEquals(StatusCode.OK, flaky.getStatus().getStatusCode());
        SpanData fails = only(trace, span -> span.getName().equals("task Fails"));
        assertEquals(StatusCode.ERROR, fails.getStatus().getStatusCode());
        assertTrue(
                fails.getStatus().getDescription().contains("caught me"),
                fails.getStatus().getDescription());
        assertFalse(
                trace.stream().anyMatch(span -> span.getName().startsWith("task ") && span.getEndEpochNanos() == 0));
    }

    @Test
    void aRunCreatedWithoutTraceparentStartsATraceOfItsOwnAndTheConsoleLinksIt() {
        String run = Api.as(tenant)
                .body(Map.of("payload", Map.of("name", "trace")))
                .post("/api/v1/jobs/exec-hello/test")
                .then()
                .statusCode(201)
                .body("traceId", Matchers.matchesPattern("[0-9a-f]{32}"))
                .extract()
                .path("id");
        String traceId =
                Api.as(tenant).get("/api/v1/runs/{id}", run).then().extract().path("traceId");
        assertEquals("SUCCESS", RunWaits.awaitFinal(tenant, run, Duration.ofSeconds(60)));
        Eventually.await(
                () -> spans(traceId).stream().anyMatch(span -> span.getName().equals("process exec-hello")),
                "the execution's span is exported");
        SpanData creation = only(spans(traceId), span -> span.getName().equals("create exec-hello"));
        assertEquals("test", attribute(creation, "kongflow.run.trigger"));
        assertTrue(
                io.kongflow.jobs.console.ConsolePages.runPage(tenant, run)
                        .contains("href=\"https://traces.example.com/trace/" + traceId + "\""),
                "the console's run page links the trace");
    }

    @Test
    void aRunAnEventStartsIsATraceOfItsOwnWithItsExecutionsUnderIt() {
        String eventId = "trace-" + hex(8);
        Api.as(tenant)
                .body(Map.of("event", Map.of("id", eventId, "name", "kf.user.created", "payload", Map.of())))
                .post("/api/v1/events")
                .then()
                .statusCode(200);
        String[] run = new String[1];
        Eventually.await(
                () -> {
                    var rows = database()
                            .query(
                                    "SELECT r.id::text, r.status FROM job_runs r JOIN event_records e ON e.id = r.event_id"
                                            + " WHERE e.event_id = $1 AND e.environment_id = $2::uuid",
                                    eventId,
                                    tenant.environmentId());
                    if (rows.isEmpty() || !"SUCCESS".equals(rows.get(0).getString(1))) {
                        return false;
                    }
                    run[0] = rows.get(0).getString(0);
                    return true;
                },
                "the event's run succeeds");
        String traceId =
                Api.as(tenant).get("/api/v1/runs/{id}", run[0]).then().extract().path("traceId");
        assertNotNull(traceId, "a delivered event's run has a trace");
        Eventually.await(
                () -> spans(traceId).stream().anyMatch(span -> span.getName().equals("process ev-created")),
                "the execution's span is exported");
        List<SpanData> trace = spans(traceId);
        SpanData creation = only(trace, span -> span.getName().equals("create ev-created"));
        assertEquals("event", attribute(creation, "kongflow.run.trigger"));
        assertFalse(creation.getParentSpanContext().isValid(), "the delivery has no incoming context: a new trace");
        assertEquals(
                creation.getSpanId(),
                only(trace, span -> span.getName().equals("process ev-created")).getParentSpanId());
    }

    @Test
    void aRunWithNoStoredTraceAsAnEarlierReleaseLeftItHasExecutionsThatAreTracesOfTheirOwn() throws Exception {
        String run = Api.as(tenant)
                .body(Map.of("payload", Map.of()))
                .post("/api/v1/jobs/{slug}/invoke", "exec-large")
                .then()
                .statusCode(200)
                .extract()
                .path("id");
        // Its first execution answered the 1 s wait: the row loses its trace, as a row of V28 has none.
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!"WAITING_TO_CONTINUE".equals(status(run))) {
            assertTrue(System.nanoTime() < deadline, "the run waits");
            Thread.sleep(5);
        }
        database().query("UPDATE job_runs SET trace_id = NULL, trace_span_id = NULL WHERE id = $1::uuid", run);
        assertEquals("SUCCESS", RunWaits.awaitFinal(tenant, run, Duration.ofSeconds(60)));
        Api.as(tenant).get("/api/v1/runs/{id}", run).then().body("traceId", Matchers.nullValue());
        Eventually.await(
                () -> exporter.getFinishedSpanItems().stream()
                        .anyMatch(span -> run.equals(attribute(span, "kongflow.run.id"))
                                && span.getName().equals("process exec-large")
                                && !span.getParentSpanContext().isValid()),
                "the execution after the trace was dropped is the root of a trace of its own");
    }

    private String status(String run) {
        return database()
                .query("SELECT status FROM job_runs WHERE id = $1::uuid", run)
                .get(0)
                .getString(0);
    }

    @Test
    void aTaskEndedByARequestToItsCallbackUrlHasItsSpanToo() {
        String run = Api.as(tenant)
                .body(Map.of("payload", Map.of()))
                .post("/api/v1/jobs/{slug}/invoke", "cb-request-self")
                .then()
                .statusCode(200)
                .extract()
                .path("id");
        assertEquals("SUCCESS", RunWaits.awaitFinal(tenant, run, Duration.ofSeconds(60)));
        String traceId =
                Api.as(tenant).get("/api/v1/runs/{id}", run).then().extract().path("traceId");
        String task = database()
                .query("SELECT id::text FROM job_tasks WHERE run_id = $1::uuid AND callback_url IS NOT NULL", run)
                .get(0)
                .getString(0);
        Eventually.await(
                () -> spans(traceId).stream().anyMatch(span -> task.equals(attribute(span, "kongflow.task.id"))),
                "the callback task's span is exported");
        SpanData span = only(spans(traceId), each -> task.equals(attribute(each, "kongflow.task.id")));
        assertEquals("COMPLETED", attribute(span, "kongflow.task.status"));
        assertEquals(
                only(spans(traceId), each -> each.getName().equals("create cb-request-self"))
                        .getSpanId(),
                span.getParentSpanId());
    }

    /** The MDC of the log lines of a category while the test runs. */
    private static final class LogLines extends java.util.logging.Handler {
        private final java.util.logging.Logger logger;
        private final List<Map<String, String>> seen = new java.util.concurrent.CopyOnWriteArrayList<>();

        private LogLines(java.util.logging.Logger logger) {
            this.logger = logger;
        }

        static LogLines of(String category) {
            LogLines lines =
                    new LogLines(org.jboss.logmanager.LogContext.getLogContext().getLogger(category));
            lines.logger.addHandler(lines);
            return lines;
        }

        @Override
        public void publish(java.util.logging.LogRecord record) {
            if (record instanceof org.jboss.logmanager.ExtLogRecord ext) {
                Map<String, String> mdc = new java.util.HashMap<>();
                mdc.put("runId", ext.getMdc("runId"));
                mdc.put("traceId", ext.getMdc("traceId"));
                seen.add(mdc);
            }
        }

        List<Map<String, String>> stop() {
            logger.removeHandler(this);
            return seen;
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }

    private List<SpanData> spans(String traceId) {
        return exporter.getFinishedSpanItems().stream()
                .filter(span -> span.getTraceId().equals(traceId))
                .toList();
    }

    private static SpanData only(List<SpanData> spans, java.util.function.Predicate<SpanData> which) {
        List<SpanData> found = spans.stream().filter(which).toList();
        assertEquals(1, found.size(), () -> "exactly one such span among " + names(spans));
        return found.get(0);
    }

    private static List<String> names(List<SpanData> spans) {
        return spans.stream().map(SpanData::getName).toList();
    }

    private static String attribute(SpanData span, String key) {
        return span.getAttributes().get(AttributeKey.stringKey(key));
    }

    private static io.kongflow.jobs.support.Database database() {
        return io.kongflow.jobs.support.Database.shared();
    }

    private static String hex(int bytes) {
        byte[] value = new byte[bytes];
        RANDOM.nextBytes(value);
        return HexFormat.of().formatHex(value);
    }
}
