package io.kongflow.jobs.it;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kongflow.jobs.support.Api;
import io.kongflow.jobs.support.Fixtures;
import io.kongflow.jobs.support.PackagedService;
import io.kongflow.jobs.support.Tenants;
import io.kongflow.jobs.support.Tenants.Tenant;
import io.restassured.RestAssured;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two packaged services on one database, each with its read cache: a job read (and kept) on one
 * replica shows a new version registered on the other as soon as the writer's notification
 * arrives. The cache keeps reads for an hour here, so only the invalidation can make the new
 * version show. Prints how stale the reading replica was after the writer answered.
 */
class CatalogCacheReplicasIT {

    private static final int CHANGES = 25;
    private static final long STALENESS_LIMIT_MS = 2_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern HITS =
            Pattern.compile("kongflow_catalog_cache_reads_total\\{result=\"hit\"} ([0-9.E]+)");

    private final int restAssuredPort = RestAssured.port;
    private final List<PackagedService> started = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        RestAssured.port = restAssuredPort;
        Collections.reverse(started);
        for (PackagedService service : started) {
            service.close();
        }
        started.clear();
    }

    @Test
    void aNewVersionRegisteredOnOneReplicaShowsOnTheOtherThatHadTheJobCached() throws Exception {
        Map<String, String> settings = new HashMap<>(PackagedService.ownDatabase("kongflow_catalog_replicas"));
        settings.put("kongflow.catalog-cache.expire-after-write", "1h");
        settings.put("kongflow.execution.worker-enabled", "false");
        settings.put("quarkus.log.console.json.enabled", "false");
        PackagedService writer = started(PackagedService.start("catalog-replicas-writer", settings));
        PackagedService reader = started(PackagedService.start("catalog-replicas-reader", settings));
        RestAssured.port = writer.port();
        Tenant tenant = Tenants.create();
        Api.endpoint(tenant, "app");
        Api.register(tenant, "app", Fixtures.signup("shared", "1.0.0")).statusCode(201);

        HttpClient http = HttpClient.newHttpClient();
        List<Long> staleness = new ArrayList<>();
        for (int minor = 1; minor <= CHANGES; minor++) {
            String before = "1." + (minor - 1) + ".0";
            String after = "1." + minor + ".0";
            assertEquals(before, latest(tenant, reader));
            double hits = hits(reader);
            assertEquals(before, latest(tenant, reader));
            assertEquals(1, hits(reader) - hits, "the reader answers the job from memory before the change");

            Api.as(tenant)
                    .port(writer.port())
                    .body(Fixtures.signup("shared", after).toString())
                    .post("/api/v1/endpoints/{slug}/jobs", "app")
                    .then()
                    .statusCode(201);
            long written = System.nanoTime();
            while (!after.equals(latest(http, tenant, reader))) {
                long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - written);
                assertTrue(
                        waited < STALENESS_LIMIT_MS, "the reader still shows " + before + " after " + waited + " ms");
            }
            staleness.add(TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - written));
            assertEquals(after, latest(tenant, writer), "the writer reads its own write");
        }
        System.out.println("Catalog cache staleness on the other replica, change by change (µs): " + staleness);
        Collections.sort(staleness);
        System.out.printf(
                "Catalog cache staleness on the other replica over %d changes (µs after the writer answered): "
                        + "min %d, p50 %d, p90 %d, max %d%n",
                CHANGES,
                staleness.get(0),
                staleness.get(CHANGES / 2),
                staleness.get(CHANGES * 9 / 10),
                staleness.get(CHANGES - 1));
    }

    /** The latest version the replica shows, read over a kept-alive connection (a poll costs ~1 ms). */
    private static String latest(HttpClient http, Tenant tenant, PackagedService replica) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + replica.port() + "/api/v1/jobs/shared"))
                        .header("Authorization", tenant.bearer())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body())
                .path("latestVersion")
                .path("version")
                .asText();
    }

    private static String latest(Tenant tenant, PackagedService replica) {
        return Api.as(tenant)
                .port(replica.port())
                .get("/api/v1/jobs/{slug}", "shared")
                .then()
                .statusCode(200)
                .extract()
                .path("latestVersion.version");
    }

    private static double hits(PackagedService replica) {
        String metrics = given().port(replica.port())
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        Matcher matcher = HITS.matcher(metrics);
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }

    private PackagedService started(PackagedService service) {
        started.add(service);
        return service;
    }
}
