package io.kongflow.jobs.catalog;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.kongflow.jobs.support.Api;
import io.kongflow.jobs.support.Fixtures;
import io.kongflow.jobs.support.Tenants;
import io.kongflow.jobs.support.Tenants.Tenant;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class QueueApiTest {

    @Test
    void createsListsFindsAndChangesQueues() {
        Tenant tenant = Tenants.create();
        String id = Api.as(tenant)
                .body(Map.of("name", "emails", "maxJobs", 10))
                .post("/api/v1/queues")
                .then()
                .statusCode(201)
                .body("name", equalTo("emails"))
                .body("maxJobs", equalTo(10))
                .body("jobCount", equalTo(0))
                .extract()
                .path("id");
        Api.as(tenant)
                .body(Map.of("name", "emails", "maxJobs", 3))
                .post("/api/v1/queues")
                .then()
                .statusCode(409)
                .contentType("application/problem+json");
        Api.as(tenant)
                .body(Map.of("maxJobs", 25))
                .patch("/api/v1/queues/{id}", id)
                .then()
                .statusCode(200)
                .body("maxJobs", equalTo(25));
        Api.as(tenant).get("/api/v1/queues/{id}", id).then().statusCode(200).body("maxJobs", equalTo(25));
        Api.as(tenant).queryParam("name", "emails").get("/api/v1/queues").then().body("id", contains(id));
        Api.as(tenant).queryParam("name", "none").get("/api/v1/queues").then().body("$", hasSize(0));

        Api.endpoint(tenant, "app");
        Api.register(tenant, "app", Fixtures.job("index-a", "poller")).statusCode(201);
        Api.as(tenant).get("/api/v1/queues").then().body("name", contains("emails", "job/poller"));
    }

    @Test
    void limitsAreBounded() {
        Tenant tenant = Tenants.create();
        Api.as(tenant)
                .body(Map.of("name", "q", "maxJobs", 0))
                .post("/api/v1/queues")
                .then()
                .statusCode(400)
                .body("errors[0].path", equalTo("maxJobs"));
        Api.as(tenant)
                .body(Map.of("name", "q", "maxJobs", 100_001))
                .post("/api/v1/queues")
                .then()
                .statusCode(400);
        String id = Api.as(tenant)
                .body(Map.of("name", "q", "maxJobs", 1))
                .post("/api/v1/queues")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        Api.as(tenant)
                .body(Map.of("maxJobs", -5))
                .patch("/api/v1/queues/{id}", id)
                .then()
                .statusCode(400);
        Api.as(tenant)
                .body(Map.of("maxJobs", "many"))
                .patch("/api/v1/queues/{id}", id)
                .then()
                .statusCode(400);
        Api.as(tenant).get("/api/v1/queues/{id}", id).then().body("maxJobs", equalTo(1));
    }
}
