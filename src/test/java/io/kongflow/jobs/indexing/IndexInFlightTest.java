package io.kongflow.jobs.indexing;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.kongflow.jobs.support.Api;
import io.kongflow.jobs.support.Database;
import io.kongflow.jobs.support.FakeEndpoint;
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
import java.util.function.Consumer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The endpoint changes while an index of it is waiting for the SDK's answer: what the user did
 * meanwhile wins over the url the index started with.
 */
@QuarkusTest
@TestProfile(PatientIndexing.class)
@Tag("race")
class IndexInFlightTest {

    final Database database = Database.shared();

    /** Starts an index whose endpoint holds its answer, does {@code meanwhile} during the call, lets it finish. */
    private Tenant indexWhile(Consumer<Tenant> meanwhile) throws Exception {
        Tenant tenant = Tenants.create();
        HeldEndpoint endpoint = HeldEndpoint.answering(Fixtures.index("index-a").toString(), tenant.apiKey());
        Api.endpoint(tenant, "app", endpoint.url());
        CompletableFuture<Integer> index = CompletableFuture.supplyAsync(() -> Api.as(tenant)
                .body("{}")
                .post("/api/v1/endpoints/app/index")
                .then()
                .body("status", equalTo("SUCCESS"))
                .extract()
                .statusCode());
        endpoint.awaitCall(1);
        meanwhile.accept(tenant);
        endpoint.release(1);
        index.get(60, TimeUnit.SECONDS);
        Invariants.assertHold(Invariants.over(database), tenant.environmentId());
        return tenant;
    }

    @Test
    void anEndpointDeletedDuringItsIndexStaysDeleted() throws Exception {
        Tenant tenant =
                indexWhile(t -> Api.as(t).delete("/api/v1/endpoints/app").then().statusCode(200));
        Api.as(tenant).get("/api/v1/endpoints/app").then().statusCode(200).body("url", nullValue());
    }

    @Test
    void anEndpointMovedDuringItsIndexKeepsItsNewUrl() throws Exception {
        String moved = FakeEndpoint.empty();
        Tenant tenant = indexWhile(t -> Api.endpoint(t, "app", moved));
        Api.as(tenant).get("/api/v1/endpoints/app").then().statusCode(200).body("url", equalTo(moved));
    }
}
