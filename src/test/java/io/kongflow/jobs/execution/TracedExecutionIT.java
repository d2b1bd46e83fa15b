package io.kongflow.jobs.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kongflow.jobs.support.Api;
import io.kongflow.jobs.support.Eventually;
import io.kongflow.jobs.support.NeededTools;
import io.kongflow.jobs.support.RunWaits;
import io.kongflow.jobs.support.SdkEndpoint;
import io.kongflow.jobs.support.SuiteSettings;
import io.kongflow.jobs.support.Tenants;
import io.kongflow.jobs.support.Tenants.Tenant;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import java.time.Duration;
import java.util.Map;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

/**
 * The packaged service (jar, or the native executable) with tracing on: a traced execution of a
 * real-SDK run continues the caller's trace, sends {@code traceparent} to the endpoint, and is
 * exported over OTLP to a receiver in the test JVM. The span-by-span checks are {@link RunTracesTest}'s.
 */
@QuarkusIntegrationTest
@WithTestResource(SuiteSettings.class)
@TestProfile(TracingToOtlp.class)
class TracedExecutionIT {

    @Test
    void aTracedExecutionIsExportedOverOtlp() throws Exception {
        NeededTools.require("the real SDK endpoint runs on Node.js", "node", "npm");
        Tenant tenant = Tenants.create();
        try (SdkEndpoint endpoint = SdkEndpoint.executing(tenant, "kongflow-otlp-test")) {
            String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
            String run = Api.as(tenant)
                    .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
                    .body(Map.of("payload", Map.of("name", "otlp")))
                    .post("/api/v1/jobs/{slug}/invoke", "exec-hello")
                    .then()
                    .statusCode(200)
                    .body("traceId", Matchers.equalTo(traceId))
                    .extract()
                    .path("id");
            assertEquals("SUCCESS", RunWaits.awaitFinal(tenant, run, Duration.ofSeconds(60)));
            String traceparent = RestAssured.given()
                    .get(endpoint.statsUrl())
                    .then()
                    .extract()
                    .path("executeJobs." + run + ".arrivals[0].traceparent");
            assertTrue(
                    traceparent != null && traceparent.startsWith("00-" + traceId + "-"),
                    "the endpoint received the run's trace: " + traceparent);
            Eventually.await(
                    () -> TracingToOtlp.RECEIVER.received(traceId, "create exec-hello")
                            && TracingToOtlp.RECEIVER.received(traceId, "process exec-hello")
                            && TracingToOtlp.RECEIVER.received(traceId, "EXECUTE_JOB"),
                    "the run's spans reach the OTLP receiver (" + TracingToOtlp.RECEIVER.exportCount() + " exports)",
                    Duration.ofSeconds(20));
        }
    }
}
