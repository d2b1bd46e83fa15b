package io.kongflow.jobs.ops;

import static io.kongflow.jobs.support.Prometheus.sample;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kongflow.jobs.support.Api;
import io.kongflow.jobs.support.FakeEndpoint;
import io.kongflow.jobs.support.Fixtures;
import io.kongflow.jobs.support.Tenants;
import io.kongflow.jobs.support.Tenants.Tenant;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

@QuarkusTest
class MetricsTest {

    private static double registrations(String outcome) {
        return sample("kongflow_job_registrations_total", "outcome=\"" + outcome + "\"");
    }

    @Test
    void registrationsAreCountedByOutcomeAndTimed() {
        Tenant tenant = Tenants.create();
        Api.endpoint(tenant, "app");
        double created = registrations("created");
        double updated = registrations("updated");
        double unchanged = registrations("unchanged");
        double failed = registrations("failed");
        double timed = sample("kongflow_job_registration_seconds_count", "");
        double slowest = sample("kongflow_job_registration_seconds_bucket", "le=\"+Inf\"");

        var job = Fixtures.job("index-a", "user-signup");
        Api.register(tenant, "app", job).statusCode(201);
        Api.register(tenant, "app", job).statusCode(200);
        job.put("name", "Renamed");
        Api.register(tenant, "app", job).statusCode(200);
        Api.register(tenant, "app", Fixtures.parse("{\"id\": 1}")).statusCode(400);

        assertEquals(created + 1, registrations("created"));
        assertEquals(unchanged + 1, registrations("unchanged"));
        assertEquals(updated + 1, registrations("updated"));
        assertEquals(failed + 1, registrations("failed"));
        assertEquals(timed + 3, sample("kongflow_job_registration_seconds_count", ""));
        assertEquals(slowest + 3, sample("kongflow_job_registration_seconds_bucket", "le=\"+Inf\""));
    }

    @Test
    void thePoolIsReportedByOneFamilyOnly() {
        String text = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(text.contains("\nsql_pool_queue_size{"), "the sql_pool_* family is missing");
        assertFalse(
                Pattern.compile("(?m)^postgresql_").matcher(text).find(), "a postgresql_* family repeats sql_pool_*");
    }

    @Test
    void theApplicationStartedWithoutAGaugeWarning() throws Exception {
        // This application's lines: those after the last stop of an earlier application of the run.
        String log = Files.readString(Path.of("target/kongflow-test.log"));
        int previousStop = log.lastIndexOf(" stopped in ");
        String lines = previousStop < 0 ? log : log.substring(previousStop);
        assertTrue(lines.contains(" started in "), "this application's start is not in the log");
        assertFalse(lines.contains("has been already registered"), "a meter was registered twice at start");
    }

    @Test
    void indexOutcomesAreCounted() {
        Tenant tenant = Tenants.create();
        String url = Api.endpoint(
                tenant,
                "app",
                FakeEndpoint.serve(
                        FakeEndpoint.indexing(Fixtures.index("index-a").toString())));
        double success = sample("kongflow_endpoint_indexes_total", "status=\"SUCCESS\"");
        double failure = sample("kongflow_endpoint_indexes_total", "status=\"FAILURE\"");
        Api.as(tenant).body("{}").post("/api/v1/endpoints/app/index").then().statusCode(200);
        FakeEndpoint.replace(url, action -> FakeEndpoint.Reply.json(500, "{}"));
        Api.as(tenant).body("{}").post("/api/v1/endpoints/app/index").then().statusCode(200);
        assertEquals(success + 1, sample("kongflow_endpoint_indexes_total", "status=\"SUCCESS\""));
        assertEquals(failure + 1, sample("kongflow_endpoint_indexes_total", "status=\"FAILURE\""));
    }

    @Test
    void queueUtilisationIsExported() throws InterruptedException {
        Tenant tenant = Tenants.create();
        // A queue of the tenant's before the measure, so that a gauge of one queue's values cannot pass.
        double queuesAtStart = sample("kongflow_queues", "");
        createQueue(tenant, "first", 5);
        awaitGauge("kongflow_queues", queuesAtStart + 1);
        double capacityBefore = sample("kongflow_queue_capacity_jobs", "");
        double queuesBefore = sample("kongflow_queues", "");

        createQueue(tenant, "metered", 7);

        awaitGauge("kongflow_queues", queuesBefore + 1);
        assertEquals(capacityBefore + 7, sample("kongflow_queue_capacity_jobs", ""), "the new queue's 7 places more");
    }

    private static void createQueue(Tenant tenant, String name, int maxJobs) {
        Api.as(tenant)
                .body(Map.of("name", name, "maxJobs", maxJobs))
                .post("/api/v1/queues")
                .then()
                .statusCode(201);
    }

    /** Gauges are refreshed every 200 ms: waits for the refresh, within a generous limit. */
    private static void awaitGauge(String metric, double expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (sample(metric, "") != expected && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(expected, sample(metric, ""), metric);
    }
}
