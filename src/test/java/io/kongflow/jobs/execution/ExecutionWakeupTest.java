package io.kongflow.jobs.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kongflow.jobs.support.Api;
import io.kongflow.jobs.support.NeededTools;
import io.kongflow.jobs.support.SdkEndpoint;
import io.kongflow.jobs.support.Tenants;
import io.kongflow.jobs.support.Tenants.Tenant;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * A new run starts on a PostgreSQL wake-up, and a run resumes when its wait or retry delay ends,
 * long before the next poll would have found either.
 */
@QuarkusTest
@TestProfile(ExecutionWakeupTest.PollingAlmostNever.class)
class ExecutionWakeupTest {

    /** The worker on, but its poll so rare that only a wake-up can start a run within the test. */
    public static class PollingAlmostNever extends ExecutionOn {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
            overrides.put("kongflow.execution.poll-interval", "10m");
            return overrides;
        }
    }

    @Test
    void anInvokedRunCompletesWithoutWaitingForThePoll() throws Exception {
        NeededTools.require("the real SDK endpoint runs on Node.js", "node", "npm");
        Tenant tenant = Tenants.create();
        try (SdkEndpoint endpoint = SdkEndpoint.executing(tenant, "wakeups")) {
            for (int i = 0; i < 3; i++) {
                long started = System.nanoTime();
                String run = Api.as(tenant)
                        .body(Map.of("payload", Map.of("name", "wake " + i)))
                        .post("/api/v1/jobs/exec-hello/invoke")
                        .then()
                        .statusCode(200)
                        .extract()
                        .path("id");
                String status = awaitSuccess(tenant, run, started, 10);
                long millis = (System.nanoTime() - started) / 1_000_000;
                assertEquals("SUCCESS", status, "run " + i + " after " + millis + " ms");
                assertTrue(millis < 5_000, "run " + i + " took " + millis + " ms; the poll is every 10 minutes");
            }
        }
    }

    @Test
    void aWaitAndARetryDelayEndOnTimeWithoutThePoll() throws Exception {
        NeededTools.require("the real SDK endpoint runs on Node.js", "node", "npm");
        Tenant tenant = Tenants.create();
        try (SdkEndpoint endpoint = SdkEndpoint.executing(tenant, "timers")) {
            // exec-tasks waits 2 s (io.wait) and retries a task once after 200 ms.
            String run = Api.as(tenant)
                    .body(Map.of("payload", Map.of()))
                    .post("/api/v1/jobs/exec-tasks/invoke")
                    .then()
                    .statusCode(200)
                    .extract()
                    .path("id");
            String status = awaitSuccess(tenant, run, System.nanoTime(), 30);
            assertEquals("SUCCESS", status, "the run ended; the poll is every 10 minutes");
            io.restassured.path.json.JsonPath shown = Api.as(tenant)
                    .get("/api/v1/runs/{id}", run)
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            java.time.Instant waitStarted =
                    java.time.Instant.parse(shown.getString("tasks.find { it.name == 'wait' }.startedAt"));
            java.time.Instant waitEnded =
                    java.time.Instant.parse(shown.getString("tasks.find { it.name == 'wait' }.completedAt"));
            long waited = java.time.Duration.between(waitStarted, waitEnded).toMillis();
            // The SDK sets the wait's end 2 s after its own clock's now, a few ms before the task reaches us.
            assertTrue(waited >= 1_900 && waited < 4_000, "the 2 s wait ended after " + waited + " ms");
            assertEquals(2, shown.getInt("tasks.find { it.name == 'Flaky' }.attempts"), "the task retried once");
        }
    }

    /** The run's status once SUCCESS, or when {@code seconds} have passed since {@code started}. */
    private static String awaitSuccess(Tenant tenant, String run, long started, int seconds) {
        String status = "QUEUED";
        while (!"SUCCESS".equals(status) && System.nanoTime() - started < seconds * 1_000_000_000L) {
            LockSupport.parkNanos(20_000_000);
            status = Api.as(tenant)
                    .get("/api/v1/runs/{id}", run)
                    .then()
                    .statusCode(200)
                    .extract()
                    .path("status");
        }
        return status;
    }
}
