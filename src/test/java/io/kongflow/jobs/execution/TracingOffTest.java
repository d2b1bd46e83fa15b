package io.kongflow.jobs.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.kongflow.jobs.support.Api;
import io.kongflow.jobs.support.Fixtures;
import io.kongflow.jobs.support.Tenants;
import io.kongflow.jobs.support.Tenants.Tenant;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Map;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

/**
 * With tracing off (the default, {@code quarkus.otel.sdk.disabled=true}) nothing is exported, even
 * for a call carrying a {@code traceparent}, and runs store no trace.
 */
@QuarkusTest
class TracingOffTest {

    @Inject
    InMemorySpanExporter exporter;

    @Test
    void nothingIsExportedAndRunsHaveNoTrace() {
        Tenant tenant = Tenants.create();
        Api.endpoint(tenant, "trace-off");
        Api.register(tenant, "trace-off", Fixtures.signup("trace-off-job", "1.0.0"))
                .statusCode(201);
        String run = Api.as(tenant)
                .header("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
                .body(Map.of("payload", Map.of()))
                .post("/api/v1/jobs/trace-off-job/test")
                .then()
                .statusCode(201)
                .body("traceId", Matchers.nullValue())
                .extract()
                .path("id");
        Api.as(tenant).get("/api/v1/runs/{id}", run).then().statusCode(200).body("traceId", Matchers.nullValue());
        assertEquals(0, exporter.getFinishedSpanItems().size(), "no span was exported");
        assertFalse(
                io.kongflow.jobs.console.ConsolePages.runPage(tenant, run).contains("id=\"run-trace\""),
                "the run page shows no trace");
    }
}
