package io.kongflow.jobs.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.kongflow.client.ApiClient;
import io.kongflow.client.api.JobsApi;
import io.kongflow.client.api.QueuesApi;
import io.kongflow.client.api.RegistrationApi;
import io.kongflow.client.model.JobMetadata;
import io.kongflow.client.model.PinAlias;
import io.kongflow.jobs.support.Api;
import io.kongflow.jobs.support.Fixtures;
import io.kongflow.jobs.support.Tenants;
import io.kongflow.jobs.support.Tenants.Tenant;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import org.junit.jupiter.api.Test;

/** A client generated from the OpenAPI document, with no hand edits, drives the running service. */
@QuarkusTest
class GeneratedClientTest {

    @TestHTTPResource("/")
    URL service;

    @Test
    void registersListsReadsPinsAndReadsAQueue() throws Exception {
        Tenant tenant = Tenants.create();
        Api.endpoint(tenant, "app");
        ApiClient client = new ApiClient();
        client.updateBaseUri(service.toString().replaceAll("/$", ""));
        client.setRequestInterceptor(request -> request.header("Authorization", tenant.bearer()));

        // The SDK's JSON read into the client's typed JobMetadata (trigger by type, concurrencyLimit).
        JobMetadata job = client.getObjectMapper().convertValue(Fixtures.job("index-a", "poller"), JobMetadata.class);
        var registered = new RegistrationApi(client).registerJob("app", job);
        assertEquals("created", registered.getOutcome().getValue());
        job.setVersion("2.1.0");
        new RegistrationApi(client).registerJob("app", job);

        JobsApi jobs = new JobsApi(client);
        var page = jobs.listJobs(null, null, null, null, 10, null);
        assertEquals("poller", page.getData().get(0).getSlug());
        assertEquals("2.1.0", page.getData().get(0).getLatestVersion().getVersion());
        var version = jobs.getJobVersion("poller", "2.0.0");
        assertEquals("job/poller", version.getQueue().getName());

        var alias = jobs.pinJobAlias("latest", "poller", new PinAlias().version("2.0.0"));
        assertEquals("2.0.0", alias.getVersion());
        assertEquals("2.0.0", jobs.getJob("poller").getLatestVersion().getVersion());

        var queue = new QueuesApi(client).getQueue(version.getQueue().getId());
        assertEquals(5, queue.getMaxJobs());
        assertNotNull(queue.getCreatedAt());
    }
}
