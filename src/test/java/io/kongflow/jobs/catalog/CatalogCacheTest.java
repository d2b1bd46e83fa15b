package io.kongflow.jobs.catalog;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.kongflow.jobs.support.Api;
import io.kongflow.jobs.support.Database;
import io.kongflow.jobs.support.Fixtures;
import io.kongflow.jobs.support.Tenants;
import io.kongflow.jobs.support.Tenants.Tenant;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The read cache of jobs, versions and aliases: a repeated read is answered from memory; every
 * write through the API is read back at once on the replica that made it, without waiting for its
 * notification; a change committed by anyone else reaches the cache through LISTEN/NOTIFY; and a
 * new LISTEN connection starts by forgetting everything (what was sent while it was down is lost).
 */
@QuarkusTest
class CatalogCacheTest {

    private static final Pattern READS =
            Pattern.compile("kongflow_catalog_cache_reads_total\\{result=\"(hit|miss|bypass)\"} ([0-9.E]+)");

    final Database database = Database.shared();

    @Test
    void aRepeatedReadIsAnsweredFromMemoryUntilTheJobChanges() {
        Tenant tenant = registered("cached", "1.0.0");
        job(tenant, "cached");
        Map<String, Double> before = reads();
        JsonPath again = job(tenant, "cached");
        versionOf(tenant, "cached", "1.0.0");
        versionOf(tenant, "cached", "1.0.0");
        aliases(tenant, "cached");
        aliases(tenant, "cached");
        Map<String, Double> after = reads();

        assertEquals("1.0.0", again.getString("latestVersion.version"));
        assertEquals(3, after.get("hit") - before.get("hit"), "the second read of each is answered from memory");
        assertEquals(2, after.get("miss") - before.get("miss"), "the first version and alias reads are not");
        assertEquals(0, after.get("bypass") - before.get("bypass"));
    }

    @Test
    void everyWriteThroughTheApiIsReadBackAtOnceWithoutWaitingForItsNotification() {
        Tenant tenant = registered("ryw", "1.0.0");
        // With the triggers off, no notification comes: only the writer's own forgetting can show its writes.
        catalogTriggers("DISABLE");
        try {
            readsBackEveryWrite(tenant);
        } finally {
            catalogTriggers("ENABLE");
        }
    }

    private void readsBackEveryWrite(Tenant tenant) {
        for (int minor = 1; minor <= 12; minor++) {
            job(tenant, "ryw");
            String version = "1." + minor + ".0";
            Api.register(tenant, "app", Fixtures.signup("ryw", version)).statusCode(201);
            assertEquals(
                    version, job(tenant, "ryw").getString("latestVersion.version"), "after registering " + version);
        }

        aliases(tenant, "ryw");
        Api.as(tenant)
                .body(Map.of("version", "1.3.0"))
                .put("/api/v1/jobs/{slug}/aliases/{name}", "ryw", "stable")
                .then()
                .statusCode(200);
        assertTrue(aliases(tenant, "ryw").<String>getList("name").contains("stable"), "a new alias");

        JsonPath job = job(tenant, "ryw");
        String queueId = job.getString("latestVersion.queue.id");
        Api.as(tenant)
                .body(Map.of("maxJobs", 7))
                .patch("/api/v1/queues/{id}", queueId)
                .then()
                .statusCode(200);
        assertEquals(7, job(tenant, "ryw").getInt("latestVersion.queue.maxJobs"), "a queue's new limit");

        tenant.sibling("staging", "STAGING");
        assertTrue(
                job(tenant, "ryw").<String>getList("environments.environment").contains("staging"),
                "a new environment of the project");

        versionOf(tenant, "ryw", "1.12.0");
        // The endpoint no longer serves the job: the sync disables it (DisableJob).
        Api.sync(tenant, "app", JsonNodeFactory.instance.arrayNode()).statusCode(200);
        assertEquals("DISABLED", versionOf(tenant, "ryw", "1.12.0").getString("status"), "a disabled version");
        assertEquals("DISABLED", job(tenant, "ryw").getString("latestVersion.status"));

        Api.as(tenant).delete("/api/v1/jobs/{slug}", "ryw").then().statusCode(200);
        Api.as(tenant).get("/api/v1/jobs/{slug}", "ryw").then().statusCode(404);
    }

    @Test
    void aChangeCommittedByAnotherSessionReachesTheCacheThroughNotify() {
        Tenant tenant = registered("elsewhere", "1.0.0");
        assertCachedThenChanged(
                tenant,
                () -> database.query(
                        "UPDATE jobs SET title = 'Renamed elsewhere' WHERE slug = 'elsewhere' AND project_id = "
                                + "(SELECT project_id FROM runtime_environments WHERE id = $1::uuid)",
                        tenant.environmentId()),
                json -> "Renamed elsewhere".equals(json.getString("title")));
        assertCachedThenChanged(
                tenant,
                () -> database.query(
                        "UPDATE job_queues SET max_jobs = 3 WHERE environment_id = $1::uuid", tenant.environmentId()),
                json -> json.getInt("latestVersion.queue.maxJobs") == 3);
    }

    @Test
    void aNewListenConnectionStartsByForgettingEverything() {
        Tenant tenant = registered("listen-lost", "1.0.0");
        job(tenant, "listen-lost");
        assertEquals(1, hitsOf(() -> job(tenant, "listen-lost")), "cached");

        // The LISTEN connection dies and, in the same statement, a change is committed with the
        // triggers off: no notification is ever sent, and the replica reconnects no sooner than
        // 100 ms later. Only forgetting everything when LISTEN is back can show the change.
        database.query("""
                DO $$ BEGIN
                    PERFORM pg_terminate_backend(pid, 5000) FROM pg_stat_activity WHERE query LIKE 'LISTEN %';
                    SET LOCAL session_replication_role = replica;
                    UPDATE jobs SET title = 'Changed unseen' WHERE slug = 'listen-lost';
                END $$""");
        JsonPath fromMemory = awaitReadWhere(tenant, "hit", 10_000);
        assertEquals(
                "Changed unseen", fromMemory.getString("title"), "the first read from memory after LISTEN is back");
    }

    /** The first read of job listen-lost counted as {@code result}. */
    private static JsonPath awaitReadWhere(Tenant tenant, String result, long millis) {
        long deadline = System.currentTimeMillis() + millis;
        while (true) {
            double before = reads().get(result);
            JsonPath job = job(tenant, "listen-lost");
            if (reads().get(result) > before) {
                return job;
            }
            assertTrue(System.currentTimeMillis() < deadline, "no " + result + " within " + millis + " ms");
            sleep(2);
        }
    }

    private void catalogTriggers(String action) {
        database.query("""
                DO $$ DECLARE t record; BEGIN
                    FOR t IN SELECT tgrelid::regclass AS tab, tgname FROM pg_trigger WHERE tgname LIKE '%%catalog%%' LOOP
                        EXECUTE format('ALTER TABLE %%s %s TRIGGER %%I', t.tab, t.tgname);
                    END LOOP;
                END $$""".formatted(action));
    }

    private void assertCachedThenChanged(Tenant tenant, Runnable change, Predicate<JsonPath> changed) {
        String slug = "elsewhere";
        job(tenant, slug);
        assertEquals(1, hitsOf(() -> job(tenant, slug)), "cached before the change");
        change.run();
        awaitRead(tenant, slug, changed, 2_000);
    }

    private static void awaitRead(Tenant tenant, String slug, Predicate<JsonPath> wanted, long millis) {
        long deadline = System.currentTimeMillis() + millis;
        while (!wanted.test(job(tenant, slug))) {
            if (System.currentTimeMillis() > deadline) {
                fail("after " + millis + " ms, job " + slug + " still reads "
                        + job(tenant, slug).prettify());
            }
            sleep(10);
        }
    }

    private static Tenant registered(String slug, String version) {
        Tenant tenant = Tenants.create();
        Api.endpoint(tenant, "app");
        Api.register(tenant, "app", Fixtures.signup(slug, version)).statusCode(201);
        return tenant;
    }

    private static JsonPath job(Tenant tenant, String slug) {
        return read(tenant, "/api/v1/jobs/{slug}", slug);
    }

    private static JsonPath versionOf(Tenant tenant, String slug, String version) {
        return read(tenant, "/api/v1/jobs/{slug}/versions/{version}", slug, version);
    }

    private static JsonPath aliases(Tenant tenant, String slug) {
        return read(tenant, "/api/v1/jobs/{slug}/aliases", slug);
    }

    private static JsonPath read(Tenant tenant, String path, Object... values) {
        return Api.as(tenant).get(path, values).then().statusCode(200).extract().jsonPath();
    }

    /** Hits the read made. */
    private static double hitsOf(Runnable read) {
        double before = reads().get("hit");
        read.run();
        return reads().get("hit") - before;
    }

    static Map<String, Double> reads() {
        String text = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Map<String, Double> reads = new java.util.HashMap<>(Map.of("hit", 0.0, "miss", 0.0, "bypass", 0.0));
        Matcher matcher = READS.matcher(text);
        while (matcher.find()) {
            reads.put(matcher.group(1), Double.parseDouble(matcher.group(2)));
        }
        return reads;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
