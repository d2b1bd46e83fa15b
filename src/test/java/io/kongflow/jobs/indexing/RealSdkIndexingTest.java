package io.kongflow.jobs.indexing;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kongflow.jobs.support.Api;
import io.kongflow.jobs.support.Database;
import io.kongflow.jobs.support.IndexStats;
import io.kongflow.jobs.support.NeededTools;
import io.kongflow.jobs.support.SdkEndpoint;
import io.kongflow.jobs.support.Tenants;
import io.kongflow.jobs.support.Tenants.Tenant;
import io.quarkus.logging.Log;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Indexes a real {@code @trigger.dev/sdk@2.3.18} endpoint, then its next deploy. */
@QuarkusTest
class RealSdkIndexingTest {

    private static final String ENDPOINT_ID = "kongflow-sdk-test";

    final Database database = Database.shared();

    @BeforeAll
    static void requireNode() {
        NeededTools.require("the real SDK endpoint runs on Node.js", "node", "npm");
    }

    @Test
    void registersTheSdksJobsThenFollowsItsNextDeploy() throws Exception {
        Tenant tenant = Tenants.create();
        try (SdkEndpoint first = SdkEndpoint.start("a", tenant.apiKey(), ENDPOINT_ID)) {
            Api.as(tenant)
                    .body(Map.of("id", "someone-else", "url", first.url()))
                    .post("/api/v1/endpoints")
                    .then()
                    .statusCode(400)
                    .body("detail", startsWith("Endpoint ID mismatch error"));
            Api.endpoint(tenant, ENDPOINT_ID, first.url());

            long started = System.nanoTime();
            Api.as(tenant)
                    .body("{}")
                    .post("/api/v1/endpoints/{id}/index", ENDPOINT_ID)
                    .then()
                    .statusCode(200)
                    .body("status", equalTo("SUCCESS"))
                    .body("stats", equalTo(IndexStats.of(6, 0, 0, 0)));
            Log.infof("Indexed the real SDK endpoint (6 jobs) in %d ms", (System.nanoTime() - started) / 1_000_000);
        }
        Api.as(tenant)
                .get("/api/v1/endpoints/{id}", ENDPOINT_ID)
                .then()
                .body("version", equalTo("2023-09-29"))
                .body("sdkVersion", equalTo("2.3.18"));
        Api.as(tenant)
                .get("/api/v1/jobs")
                .then()
                .body(
                        "data.slug",
                        contains(
                                "invoke-only",
                                "legacy-cleanup",
                                "nightly-report",
                                "poller",
                                "sync-crm",
                                "user-signup"));
        Api.as(tenant)
                .get("/api/v1/jobs/user-signup")
                .then()
                .body("latestVersion.version", equalTo("1.0.0"))
                .body("latestVersion.examples.id", contains("basic", "second"));
        Api.as(tenant)
                .get("/api/v1/jobs/poller")
                .then()
                .body("latestVersion.queue.name", equalTo("job/poller"))
                .body("latestVersion.queue.maxJobs", equalTo(5));
        Api.as(tenant)
                .get("/api/v1/jobs/sync-crm")
                .then()
                .body("latestVersion.queue.name", equalTo("group/crm-api"))
                .body("latestVersion.integrations.key", contains("crm", "mailer"));
        assertEquals(
                List.of("crm.contact.created", "crm.contact.updated"),
                List.of(database.query("""
                SELECT d.event FROM event_dispatchers d JOIN jobs j ON d.dispatchable_id = j.id::text
                WHERE d.environment_id = $1::uuid AND j.slug = 'sync-crm'""", tenant.environmentId()).get(0).getArrayOfStrings(0)));
        assertEquals(1, database.count("""
                SELECT count(*) FROM schedule_sources WHERE environment_id = $1::uuid AND key = 'nightly-report' AND active""", tenant.environmentId()));

        try (SdkEndpoint next = SdkEndpoint.start("b", tenant.apiKey(), ENDPOINT_ID)) {
            Api.endpoint(tenant, ENDPOINT_ID, next.url());
            Api.as(tenant)
                    .body("{}")
                    .post("/api/v1/endpoints/{id}/index", ENDPOINT_ID)
                    .then()
                    .statusCode(200)
                    .body("status", equalTo("SUCCESS"))
                    .body("stats.jobs", equalTo(5))
                    .body("stats.disabledJobs", equalTo(2))
                    .body("stats.failedJobs", equalTo(0));
        }
        Api.as(tenant)
                .get("/api/v1/jobs/user-signup")
                .then()
                .body("latestVersion.version", equalTo("1.1.0"))
                .body("latestVersion.examples.id", contains("vip"));
        assertEquals("DISABLED", database.latestStatus(tenant.environmentId(), "legacy-cleanup"));
        assertEquals("ACTIVE", database.latestStatus(tenant.environmentId(), "nightly-report"));
        Api.as(tenant)
                .queryParam("includeDisabled", true)
                .get("/api/v1/jobs")
                .then()
                .body(
                        "data.slug",
                        containsInAnyOrder(
                                "invoke-only",
                                "legacy-cleanup",
                                "nightly-report",
                                "poller",
                                "sync-crm",
                                "user-signup"));
    }
}
