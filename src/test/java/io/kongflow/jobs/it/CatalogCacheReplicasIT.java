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

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aNewVersionRegisteredOnOneReplicaShowsOnTheOtherThatHadTheJobCached() throws Exception {
        Map<String, String> settings = new HashMap<>(PackagedService.ownDatabase("kongflow_catalog_replicas"));
        settings.put("kongflow.catalog-cache.expire-after-write", "1h");
        settings.put("kongflow.execution.worker-enabled", "false");
        settings.put("quarkus.log.console.json.enabled", "false");
        int restAssuredPort = RestAssured.port;
        try (PackagedService writer = PackagedService.start("catalog-replicas-writer", settings);
                PackagedService reader = PackagedService.start("catalog-replicas-reader", settings)) {
            RestAssured.port = writer.port();
            printStaleness(changesShowOnTheOtherReplica(writer, reader));
        } finally {
            RestAssured.port = restAssuredPort;
        }
    }

    /** Microseconds from the writer's answer to the reader showing the new version, change by change. */
    private List<Long> changesShowOnTheOtherReplica(PackagedService writer, PackagedService reader) throws Exception {
        Tenant tenant = Tenants.create();
        Api.endpoint(tenant, "app");
        Api.register(tenant, "app", Fixtures.signup("shared", "1.0.0")).statusCode(201);

        List<Long> staleness = new ArrayList<>();
        for (int minor = 1; minor <= CHANGES; minor++) {
            String before = "1." + (minor - 1) + ".0";
            String after = "1." + minor + ".0";
            assertEquals(
                    before, fromMemory(tenant, reader), "the reader answers the job from memory before the change");

            Api.as(tenant)
                    .port(writer.port())
                    .body(Fixtures.signup("shared", after).toString())
                    .post("/api/v1/endpoints/{slug}/jobs", "app")
                    .then()
                    .statusCode(201);
            long written = System.nanoTime();
            while (!after.equals(latest(tenant, reader))) {
                long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - written);
                assertTrue(
                        waited < STALENESS_LIMIT_MS, "the reader still shows " + before + " after " + waited + " ms");
            }
            staleness.add(TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - written));
            assertEquals(after, latest(tenant, writer), "the writer reads its own write");
        }
        return staleness;
    }

    private static void printStaleness(List<Long> staleness) {
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
    private String latest(Tenant tenant, PackagedService replica) throws Exception {
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

    /**
     * The latest version, once the replica answers it from memory: the notification of the last
     * change may still be on its way when it is first read (and kept), and then move it on.
     */
    private String fromMemory(Tenant tenant, PackagedService replica) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (true) {
            double hits = hits(replica);
            String latest = latest(tenant, replica);
            if (hits(replica) - hits == 1) {
                return latest;
            }
            assertTrue(System.nanoTime() < deadline, "the replica never answered the job from memory");
        }
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
}
