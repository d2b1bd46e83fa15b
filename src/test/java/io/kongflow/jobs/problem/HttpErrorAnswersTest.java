package io.kongflow.jobs.problem;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kongflow.jobs.support.Api;
import io.kongflow.jobs.support.Database;
import io.kongflow.jobs.support.Invariants;
import io.kongflow.jobs.support.Race;
import io.kongflow.jobs.support.Tenants;
import io.kongflow.jobs.support.Tenants.Tenant;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * HTTP-level refusals (405, 406, ...) are application/problem+json documents like every other refusal, and a lost
 * create race is a 409, never a 500.
 */
@QuarkusTest
class HttpErrorAnswersTest {

    final Database database = Database.shared();

    @Test
    void aMethodTheResourceDoesNotHaveIsA405Problem() {
        Tenant tenant = Tenants.create();
        Api.as(tenant)
                .delete("/api/v1/queues")
                .then()
                .statusCode(405)
                .contentType("application/problem+json")
                .body("status", equalTo(405))
                .body("detail", equalTo("Method not allowed on this resource"));
    }

    @Test
    void anAnswerTypeOtherThanJsonIsA406Problem() {
        Tenant tenant = Tenants.create();
        Api.as(tenant)
                .accept("text/csv")
                .get("/api/v1/jobs")
                .then()
                .statusCode(406)
                .body("detail", equalTo("Only application/json answers are available"));
    }

    @Test
    @Tag("race")
    void concurrentCreatesOfOneQueueMakeOneQueueAndConflictsForTheRest() throws Exception {
        Tenant tenant = Tenants.create();
        List<Callable<Integer>> creates = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            creates.add(() -> Api.as(tenant)
                    .body(Map.of("name", "contended", "maxJobs", 5))
                    .post("/api/v1/queues")
                    .then()
                    .contentType(org.hamcrest.Matchers.startsWith("application/"))
                    .extract()
                    .statusCode());
        }
        List<Integer> statuses = Race.run(12, creates);
        assertEquals(1, statuses.stream().filter(status -> status == 201).count(), statuses.toString());
        assertEquals(11, statuses.stream().filter(status -> status == 409).count(), statuses.toString());
        Api.as(tenant).get("/api/v1/queues?name=contended").then().body("size()", equalTo(1));
        Invariants.assertHold(Invariants.over(database), tenant.environmentId());
    }
}
