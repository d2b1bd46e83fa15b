package io.kongflow.jobs.indexing;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kongflow.jobs.support.Api;
import io.kongflow.jobs.support.FakeEndpoint;
import io.kongflow.jobs.support.FakeEndpoint.Received;
import io.kongflow.jobs.support.Fixtures;
import io.kongflow.jobs.support.Tenants;
import io.kongflow.jobs.support.Tenants.Tenant;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** After a key rotation the service calls the SDK endpoint with the new key, which the endpoint now expects. */
@QuarkusTest
class KeyRotationIndexTest {

    @Test
    void anIndexAfterAKeyRotationPresentsTheNewKey() {
        Tenant tenant = Tenants.create();
        String url = FakeEndpoint.serve(
                tenant.apiKey(), FakeEndpoint.indexing(Fixtures.index("index-a").toString()));
        Api.endpoint(tenant, "app", url);

        String newKey = Tenants.admin()
                .post("/api/admin/v1/environments/{id}/rotate-key", tenant.environmentId())
                .then()
                .statusCode(200)
                .extract()
                .path("apiKey");
        // The app is redeployed with the new key: the old one is refused from now on.
        FakeEndpoint.expectKey(url, newKey);
        Tenant rotated = new Tenant(tenant.organizationSlug(), tenant.projectSlug(), tenant.environmentId(), newKey);

        Api.as(rotated)
                .body("{}")
                .post("/api/v1/endpoints/app/index")
                .then()
                .statusCode(200)
                .body("status", equalTo("SUCCESS"))
                .body("stats.jobs", equalTo(4));
        List<Received> indexCalls = FakeEndpoint.received(url).stream()
                .filter(request -> "INDEX_ENDPOINT".equals(request.action()))
                .toList();
        assertEquals(newKey, indexCalls.get(indexCalls.size() - 1).apiKey());
    }

    @Test
    void theFakeEndpointRefusesAWrongKeySoAnIndexPresentingItFails() {
        Tenant tenant = Tenants.create();
        String url = FakeEndpoint.serve(
                tenant.apiKey(), FakeEndpoint.indexing(Fixtures.index("index-a").toString()));
        Api.endpoint(tenant, "app", url);
        FakeEndpoint.expectKey(url, "tr_dev_someone-elses-key");

        Api.as(tenant)
                .body("{}")
                .post("/api/v1/endpoints/app/index")
                .then()
                .statusCode(200)
                .body("status", equalTo("FAILURE"));
    }
}
