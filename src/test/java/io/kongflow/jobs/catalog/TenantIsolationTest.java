package io.kongflow.jobs.catalog;

import io.kongflow.jobs.support.Api;
import io.kongflow.jobs.support.Fixtures;
import io.kongflow.jobs.support.Tenants;
import io.kongflow.jobs.support.Tenants.Tenant;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

@QuarkusTest
class TenantIsolationTest {

    @Test
    void anotherEnvironmentOrProjectSeesNothingAndChangesNothing() {
        Tenant owner = Tenants.create();
        Api.endpoint(owner, "app");
        Api.register(owner, "app", Fixtures.job("index-a", "poller")).statusCode(201);
        String versionId = Api.as(owner).get("/api/v1/jobs/poller").then().extract().path("latestVersion.id");
        String queueId = Api.as(owner).get("/api/v1/jobs/poller").then().extract().path("latestVersion.queue.id");

        Tenant stranger = Tenants.create();
        Tenant sibling = owner.sibling("prod", "PRODUCTION");
        for (Tenant other : new Tenant[]{stranger, sibling}) {
            Api.as(other).get("/api/v1/job-versions/{id}", versionId).then().statusCode(404);
            Api.as(other).get("/api/v1/queues/{id}", queueId).then().statusCode(404);
            Api.as(other).body(Map.of("maxJobs", 1)).patch("/api/v1/queues/{id}", queueId).then().statusCode(404);
            Api.as(other).get("/api/v1/jobs/poller/versions/2.0.0").then().statusCode(404);
            Api.as(other).body(Map.of("version", "2.0.0")).put("/api/v1/jobs/poller/aliases/latest").then().statusCode(404);
            Api.as(other).get("/api/v1/queues").then().body("$", hasSize(0));
        }
        // Jobs belong to the project: the sibling environment sees the job, but no version of its own.
        Api.as(sibling).get("/api/v1/jobs/poller").then().statusCode(200).body("latestVersion", equalTo(null));
        Api.as(stranger).get("/api/v1/jobs/poller").then().statusCode(404);
        Api.as(stranger).get("/api/v1/jobs").then().body("data", hasSize(0));
        Api.as(stranger).delete("/api/v1/jobs/poller").then().statusCode(404);

        Api.as(owner).get("/api/v1/queues/{id}", queueId).then().statusCode(200).body("maxJobs", equalTo(5));
        Api.as(owner).get("/api/v1/jobs/poller/aliases").then().body("version", org.hamcrest.Matchers.contains("2.0.0"));
    }
}
