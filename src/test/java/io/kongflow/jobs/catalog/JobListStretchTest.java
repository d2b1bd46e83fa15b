package io.kongflow.jobs.catalog;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kongflow.jobs.support.Api;
import io.kongflow.jobs.support.Fixtures;
import io.kongflow.jobs.support.Tenants;
import io.kongflow.jobs.support.Tenants.Tenant;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A list statement walks one stretch of jobs (the page's length, then 4 times longer each time, up
 * to {@link JobCatalog#MAX_STRETCH}); when the version filters leave the page short, the next
 * stretch is walked, so a page is never cut short and nothing is skipped, however many
 * filtered-out jobs lie between the ones it shows.
 */
@QuarkusTest
class JobListStretchTest {

    /** More than the first three stretches of a page of 2 together (3 + 12 + 48), and of 100 (101 + 404). */
    private static final int DISABLED = 520;

    @Test
    void pagesReachPastStretchesOfDisabledJobs() {
        Tenant tenant = Tenants.create();
        Api.endpoint(tenant, "app");
        for (int i = 0; i < DISABLED; i++) {
            Api.register(
                            tenant,
                            "app",
                            Fixtures.signup("a-%03d".formatted(i), "1.0.0").put("enabled", false))
                    .statusCode(201);
        }
        for (String slug : List.of("z-1", "z-2", "z-3")) {
            Api.register(tenant, "app", Fixtures.signup(slug, "1.0.0")).statusCode(201);
        }

        String next = Api.as(tenant)
                .queryParam("limit", 2)
                .get("/api/v1/jobs")
                .then()
                .statusCode(200)
                .body("data.slug", contains("z-1", "z-2"))
                .body("nextCursor", notNullValue())
                .extract()
                .path("nextCursor");
        Api.as(tenant)
                .queryParam("limit", 2)
                .queryParam("cursor", next)
                .get("/api/v1/jobs")
                .then()
                .statusCode(200)
                .body("data.slug", contains("z-3"))
                .body("nextCursor", nullValue());

        int seen = 0;
        String cursor = null;
        do {
            var page = Api.as(tenant)
                    .queryParam("limit", 100)
                    .queryParam("includeDisabled", true)
                    .queryParam("cursor", cursor == null ? "" : cursor)
                    .get("/api/v1/jobs")
                    .then()
                    .statusCode(200)
                    .extract();
            seen += page.<List<String>>path("data.slug").size();
            cursor = page.path("nextCursor");
        } while (cursor != null);
        assertEquals(DISABLED + 3, seen, "every job, once");
    }
}
