package io.kongflow.jobs.ops;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kongflow.jobs.support.Api;
import io.kongflow.jobs.support.FakeEndpoint;
import io.kongflow.jobs.support.Fixtures;
import io.kongflow.jobs.support.Tenants;
import io.kongflow.jobs.support.Tenants.Tenant;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

@QuarkusTest
class MetricsTest {

    /** The value of one Prometheus sample, 0 when absent. */
    private static double sample(String metric, String labels) {
        String text = given().get("/q/metrics").then().statusCode(200).extract().asString();
        String labelPart = labels.isEmpty() ? "(\\{[^}]*})?" : "\\{" + Pattern.quote(labels) + "[^}]*}";
        Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(metric) + labelPart + " ([0-9.E+-]+)$")
                .matcher(text);
        return matcher.find() ? Double.parseDouble(matcher.group(matcher.groupCount())) : 0;
    }

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
        assertTrue(sample("kongflow_job_registration_seconds_bucket", "le=\"+Inf\"") >= 3);
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
        Api.as(tenant)
                .body(Map.of("name", "metered", "maxJobs", 7))
                .post("/api/v1/queues")
                .then()
                .statusCode(201);
        double capacity = 0;
        for (int i = 0; i < 50 && capacity < 7; i++) {
            Thread.sleep(100);
            capacity = sample("kongflow_queue_capacity_jobs", "");
        }
        assertTrue(capacity >= 7, "capacity includes the new queue: " + capacity);
        assertTrue(sample("kongflow_queues", "") >= 1);
    }
}
