package io.kongflow.jobs.indexing;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kongflow.jobs.support.Api;
import io.kongflow.jobs.support.Database;
import io.kongflow.jobs.support.Fixtures;
import io.kongflow.jobs.support.HeldEndpoint;
import io.kongflow.jobs.support.Invariants;
import io.kongflow.jobs.support.PatientIndexing;
import io.kongflow.jobs.support.Tenants;
import io.kongflow.jobs.support.Tenants.Tenant;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A job pushed to an endpoint while an index of it waits for the endpoint's list is newer than that
 * list: the index must not disable it as missing. A job registered before the list was fetched
 * and absent from it still is.
 */
@QuarkusTest
@TestProfile(PatientIndexing.class)
@Tag("race")
class PushDuringIndexTest {

    private static final String NO_JOBS = "{\"jobs\":[]}";

    final Database database = Database.shared();

    @Test
    void aJobPushedWhileTheIndexWaitsForTheListStaysEnabled() throws Exception {
        Tenant tenant = Tenants.create();
        HeldEndpoint endpoint = HeldEndpoint.answering(NO_JOBS, tenant.apiKey());
        Api.endpoint(tenant, "app", endpoint.url());
        Api.register(tenant, "app", Fixtures.signup("registered-before", "1.0.0"))
                .statusCode(201);

        CompletableFuture<Integer> index = CompletableFuture.supplyAsync(() -> Api.as(tenant)
                .body("{}")
                .post("/api/v1/endpoints/app/index")
                .then()
                .statusCode(200)
                .body("status", equalTo("SUCCESS"))
                .extract()
                .path("stats.disabledJobs"));
        endpoint.awaitCall(1);
        Api.register(tenant, "app", Fixtures.signup("pushed-during", "1.0.0")).statusCode(201);
        endpoint.release(1);

        assertEquals(1, index.get(60, TimeUnit.SECONDS), "only the job registered before the list is missing");
        assertEquals("ACTIVE", database.latestStatus(tenant.environmentId(), "pushed-during"));
        assertEquals("DISABLED", database.latestStatus(tenant.environmentId(), "registered-before"));
        Invariants.assertHold(Invariants.over(database), tenant.environmentId());
    }
}
