package io.kongflow.jobs.catalog;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.kongflow.jobs.support.Api;
import io.kongflow.jobs.support.Fixtures;
import io.kongflow.jobs.support.Tenants;
import io.kongflow.jobs.support.Tenants.Tenant;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

@QuarkusTest
class JobCatalogTest {

    private static ArrayNode jobs(String prefix, int from, int to) {
        ArrayNode jobs = JsonNodeFactory.instance.arrayNode();
        for (int i = from; i < to; i++) {
            jobs.add(Fixtures.signup(prefix + String.format("%04d", i), "1.0.0"));
        }
        return jobs;
    }

    @Test
    void paginationWalksEveryJobOnceWhileJobsAreAdded() {
        Tenant tenant = Tenants.create();
        Api.endpoint(tenant, "app");
        Api.sync(tenant, "app", jobs("job-", 0, 250)).statusCode(200).body("stats.jobs", equalTo(250));

        Set<String> seen = new HashSet<>();
        List<String> order = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            var request = Api.as(tenant).queryParam("limit", 40);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page =
                    request.get("/api/v1/jobs").then().statusCode(200).extract().jsonPath();
            for (String slug : page.<String>getList("data.slug")) {
                assertTrue(seen.add(slug), "seen twice: " + slug);
                order.add(slug);
            }
            cursor = page.getString("nextCursor");
            if (pages++ == 2) {
                // Inserted behind and ahead of the cursor while walking: existing jobs are neither lost nor repeated.
                Api.endpoint(tenant, "other");
                Api.sync(tenant, "other", jobs("aaa-", 0, 5)).statusCode(200);
            }
        } while (cursor != null);

        for (int i = 0; i < 250; i++) {
            assertTrue(seen.contains("job-" + String.format("%04d", i)));
        }
        List<String> sorted = new ArrayList<>(order);
        sorted.sort(null);
        assertEquals(sorted, order, "pages come in slug order");
    }

    @Test
    void filtersNarrowTheList() {
        Tenant tenant = Tenants.create();
        Api.endpoint(tenant, "app");
        Api.endpoint(tenant, "other");
        Api.sync(tenant, "app", Fixtures.index("index-a").get("jobs")).statusCode(200);
        var internal = Fixtures.signup("internal-helper", "1.0.0");
        internal.put("internal", true);
        Api.register(tenant, "other", internal).statusCode(201);
        var disabled = Fixtures.signup("switched-off", "1.0.0");
        disabled.put("enabled", false);
        Api.register(tenant, "other", disabled).statusCode(201);

        Api.as(tenant)
                .get("/api/v1/jobs")
                .then()
                .statusCode(200)
                .body("data.slug", contains("legacy-cleanup", "nightly-report", "poller", "user-signup"))
                .body("nextCursor", nullValue());
        Api.as(tenant)
                .queryParam("includeInternal", true)
                .queryParam("includeDisabled", true)
                .get("/api/v1/jobs")
                .then()
                .body("data", hasSize(6));
        Api.as(tenant)
                .queryParam("q", "REPORT")
                .get("/api/v1/jobs")
                .then()
                .body("data.slug", contains("nightly-report"));
        Api.as(tenant).queryParam("q", "Poll").get("/api/v1/jobs").then().body("data.slug", contains("poller"));
        Api.as(tenant).queryParam("q", "%").get("/api/v1/jobs").then().body("data", hasSize(0));
        Api.as(tenant)
                .queryParam("endpoint", "other")
                .queryParam("includeInternal", true)
                .get("/api/v1/jobs")
                .then()
                .body("data.slug", contains("internal-helper"));
        Api.as(tenant)
                .queryParam("limit", 101)
                .get("/api/v1/jobs")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        Api.as(tenant)
                .queryParam("cursor", "!!!")
                .get("/api/v1/jobs")
                .then()
                .statusCode(400)
                .body("errors[0].path", equalTo("cursor"));
    }

    @Test
    void aJobShowsItsLatestVersionPerEnvironmentAndDeletedJobsVanish() {
        Tenant dev = Tenants.create();
        Tenant prod = dev.sibling("prod", "PRODUCTION");
        Api.endpoint(dev, "app");
        Api.endpoint(prod, "app");
        Api.register(dev, "app", Fixtures.job("index-b", "user-signup")).statusCode(201);
        Api.register(prod, "app", Fixtures.job("index-a", "user-signup")).statusCode(201);

        Api.as(dev)
                .get("/api/v1/jobs/user-signup")
                .then()
                .statusCode(200)
                .body("latestVersion.version", equalTo("1.1.0"))
                .body("latestVersion.examples.id", contains("vip"))
                .body("latestVersion.queue.name", equalTo("default"))
                .body("environments.environment", contains("dev", "prod"))
                .body("environments.latestVersion", contains("1.1.0", "1.0.0"))
                .body("environments.status", contains("ACTIVE", "ACTIVE"));
        Api.as(prod)
                .get("/api/v1/jobs")
                .then()
                .body("data[0].latestVersion.version", equalTo("1.0.0"))
                .body("data[0].latestVersion.examples.id", contains("basic", "second"));

        var disabled = Fixtures.job("index-b", "user-signup");
        disabled.put("enabled", false);
        Api.register(dev, "app", disabled).statusCode(200);
        var disabledProd = Fixtures.job("index-a", "user-signup");
        disabledProd.put("enabled", false);
        Api.register(prod, "app", disabledProd).statusCode(200);
        Api.as(dev).delete("/api/v1/jobs/user-signup").then().statusCode(200);
        Api.as(dev).get("/api/v1/jobs/user-signup").then().statusCode(404);
        Api.as(dev).get("/api/v1/jobs/user-signup/versions").then().statusCode(404);
        Api.as(prod)
                .queryParam("includeDisabled", true)
                .get("/api/v1/jobs")
                .then()
                .body("data", hasSize(0));
    }

    @Test
    void versionsComeNewestFirstBySemanticVersionAndPage() {
        Tenant tenant = Tenants.create();
        Api.endpoint(tenant, "app");
        for (String version : List.of("1.9.0", "1.10.0", "0.0.9", "1.10.0-rc.1", "0.0.10", "nightly")) {
            Api.register(tenant, "app", Fixtures.signup("versioned", version)).statusCode(201);
        }
        JsonPath first = Api.as(tenant)
                .queryParam("limit", 4)
                .get("/api/v1/jobs/versioned/versions")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals(List.of("nightly", "1.10.0", "1.10.0-rc.1", "1.9.0"), first.getList("data.version"));
        Api.as(tenant)
                .queryParam("limit", 4)
                .queryParam("cursor", first.getString("nextCursor"))
                .get("/api/v1/jobs/versioned/versions")
                .then()
                .body("data.version", contains("0.0.10", "0.0.9"))
                .body("nextCursor", nullValue());

        String id = Api.as(tenant)
                .get("/api/v1/jobs/versioned/versions/1.9.0")
                .then()
                .statusCode(200)
                .body("version", equalTo("1.9.0"))
                .extract()
                .path("id");
        Api.as(tenant)
                .get("/api/v1/job-versions/{id}", id)
                .then()
                .statusCode(200)
                .body("version", equalTo("1.9.0"));
        Api.as(tenant).get("/api/v1/jobs/versioned/versions/9.9.9").then().statusCode(404);
    }

    @Test
    void versionsOfEqualPrecedencePageWithoutLossOrRepeat() {
        Tenant tenant = Tenants.create();
        Api.endpoint(tenant, "app");
        for (String version : List.of("1.0.0", "v1.0.0", "2.0.0", "1.0.0+build.1", "0.1.0")) {
            Api.register(tenant, "app", Fixtures.signup("ties", version)).statusCode(201);
        }
        List<String> seen = new java.util.ArrayList<>();
        String cursor = null;
        do {
            var request = Api.as(tenant).queryParam("limit", 2);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page = request.get("/api/v1/jobs/ties/versions")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            seen.addAll(page.getList("data.version"));
            cursor = page.getString("nextCursor");
        } while (cursor != null);
        assertEquals("2.0.0", seen.get(0));
        assertEquals("0.1.0", seen.get(seen.size() - 1));
        assertEquals(java.util.Set.of("1.0.0", "v1.0.0", "1.0.0+build.1"), java.util.Set.copyOf(seen.subList(1, 4)));
        assertEquals(5, seen.size());
    }
}
