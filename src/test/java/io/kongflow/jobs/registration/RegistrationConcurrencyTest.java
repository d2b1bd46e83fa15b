package io.kongflow.jobs.registration;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kongflow.jobs.support.Api;
import io.kongflow.jobs.support.Database;
import io.kongflow.jobs.support.FakeEndpoint;
import io.kongflow.jobs.support.Fixtures;
import io.kongflow.jobs.support.Invariants;
import io.kongflow.jobs.support.Race;
import io.kongflow.jobs.support.Tenants;
import io.kongflow.jobs.support.Tenants.Tenant;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@QuarkusTest
class RegistrationConcurrencyTest {

    private static final int CLIENTS = 64;

    final Database database = Database.shared();

    /** Sends the bodies all at once from {@link #CLIENTS} threads; answers the status codes. */
    private static List<Integer> concurrently(Tenant tenant, IntFunction<String> body) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Callable<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                String json = body.apply(i);
                calls.add(() -> Api.as(tenant)
                        .body(json)
                        .post("/api/v1/endpoints/app/jobs")
                        .statusCode());
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> answer : pool.invokeAll(calls)) {
                statuses.add(answer.get());
            }
            return statuses;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void concurrentRegistrationsOfOneJobEndWithOneRowPerKeyAndTheAliasOnTheMaximum() throws Exception {
        Tenant tenant = Tenants.create();
        Api.endpoint(tenant, "app");
        Random random = new Random(7);
        List<String> versions = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            // Repeats on purpose: some requests upsert the same version at the same time.
            versions.add(random.nextInt(3) + "." + random.nextInt(12) + "." + random.nextInt(3));
        }
        List<Integer> statuses = concurrently(
                tenant, i -> Fixtures.signup("contended", versions.get(i)).toString());

        assertTrue(statuses.stream().allMatch(status -> status == 200 || status == 201), statuses.toString());
        String expectedLatest = Collections.max(versions, VersionOrder.STRINGS);
        String env = tenant.environmentId();
        assertEquals(
                1,
                database.count(
                        "SELECT count(*) FROM jobs j JOIN runtime_environments e ON e.project_id = j.project_id "
                                + "WHERE e.id = $1::uuid AND j.slug = 'contended'",
                        env));
        assertEquals(
                versions.stream().distinct().count(),
                database.count("SELECT count(*) FROM job_versions WHERE environment_id = $1::uuid", env));
        assertEquals(
                0,
                database.count(
                        "SELECT count(*) FROM (SELECT job_version_id, slug FROM event_examples x "
                                + "JOIN job_versions v ON v.id = x.job_version_id WHERE v.environment_id = $1::uuid "
                                + "GROUP BY 1, 2 HAVING count(*) > 1) d",
                        env));
        assertEquals(1, database.count("SELECT count(*) FROM job_aliases WHERE environment_id = $1::uuid", env));
        assertEquals(
                expectedLatest,
                database.query("SELECT value FROM job_aliases WHERE environment_id = $1::uuid", env)
                        .get(0)
                        .getString(0));
        assertEquals(1, database.count("SELECT count(*) FROM event_dispatchers WHERE environment_id = $1::uuid", env));
        assertEquals(
                expectedLatest,
                database.query(
                                "SELECT v.version FROM event_dispatchers d "
                                        + "JOIN job_versions v ON v.id = (d.dispatchable ->> 'id')::uuid WHERE d.environment_id = $1::uuid",
                                env)
                        .get(0)
                        .getString(0),
                "the dispatcher follows the latest version");
    }

    @Test
    void concurrentRegistrationsOfDifferentJobsAllSucceedSharingQueuesAndIntegrations() throws Exception {
        Tenant tenant = Tenants.create();
        Api.endpoint(tenant, "app");
        List<Integer> statuses = concurrently(tenant, i -> {
            var job = Fixtures.job("index-integrations", "sync-crm");
            job.put("id", "job-" + i);
            return job.toString();
        });

        assertTrue(statuses.stream().allMatch(status -> status == 201), statuses.toString());
        String env = tenant.environmentId();
        assertEquals(CLIENTS, database.count("SELECT count(*) FROM job_versions WHERE environment_id = $1::uuid", env));
        assertEquals(1, database.count("SELECT count(*) FROM job_queues WHERE environment_id = $1::uuid", env));
        assertEquals(
                2,
                database.count(
                        "SELECT count(*) FROM integrations i JOIN runtime_environments e "
                                + "ON e.organization_id = i.organization_id WHERE e.id = $1::uuid",
                        env));
        assertEquals(
                CLIENTS * 2L,
                database.count(
                        "SELECT count(*) FROM job_integrations ji JOIN job_versions v "
                                + "ON v.id = ji.version_id WHERE v.environment_id = $1::uuid",
                        env));
        assertEquals(
                CLIENTS, database.count("SELECT count(*) FROM event_dispatchers WHERE environment_id = $1::uuid", env));
    }

    private static final List<String> RACING_VERSIONS = List.of("1.0.0", "1.1.0", "1.10.0", "2.0.0-rc.1", "2.0.0");

    /** Version {@code version} of the job {@code racer}: its 1.x versions are event-triggered, its 2.x scheduled. */
    private static com.fasterxml.jackson.databind.node.ObjectNode racer(String version) {
        var job = Fixtures.signup("racer", version);
        if (version.startsWith("2.")) {
            job.set("trigger", Fixtures.job("index-a", "nightly-report").get("trigger"));
        }
        return job;
    }

    /** What a racing call was, and what it was answered (for a registration, the version's status it reports). */
    private record Call(String kind, Tenant tenant, String version, int status, String versionStatus) {
        Call(String kind, Tenant tenant, String version, int status) {
            this(kind, tenant, version, status, null);
        }

        static Call registration(String kind, Tenant tenant, String version, io.restassured.response.Response answer) {
            return new Call(kind, tenant, version, answer.statusCode(), answer.path("version.status"));
        }

        boolean answered(Set<Integer> allowed) {
            return allowed.contains(status);
        }
    }

    private static final Set<Integer> REGISTERED = Set.of(200, 201);

    /** What each kind of call may answer; a registration or sync is never refused in the race. */
    private static final Map<String, Set<Integer>> ALLOWED = Map.of(
            "register",
            REGISTERED,
            "register disabled",
            REGISTERED,
            "sync disabled",
            Set.of(200),
            // 409: the job is still active in an environment.
            "delete",
            Set.of(200, 204, 404, 409),
            // 404: deleted meanwhile; 409: a test run of a disabled version.
            "test run",
            Set.of(200, 201, 404, 409));

    /** One racing call against the job {@code racer}. */
    private static Callable<Call> racingCall(Tenant tenant, Random random) {
        String version = RACING_VERSIONS.get(random.nextInt(RACING_VERSIONS.size()));
        var job = racer(version);
        return switch (random.nextInt(6)) {
            case 0, 1 ->
                () -> Call.registration(
                        "register",
                        tenant,
                        version,
                        Api.as(tenant).body(job.toString()).post("/api/v1/endpoints/app/jobs"));
            // A single push with enabled: false registers (or turns) the version DISABLED.
            case 2 ->
                () -> Call.registration(
                        "register disabled",
                        tenant,
                        version,
                        Api.as(tenant)
                                .body(job.put("enabled", false).toString())
                                .post("/api/v1/endpoints/app/jobs"));
            // A sync listing the job disabled disables that version.
            case 3 ->
                () -> new Call(
                        "sync disabled",
                        tenant,
                        version,
                        Api.as(tenant)
                                .body("{\"jobs\":[" + job.put("enabled", false) + "]}")
                                .put("/api/v1/endpoints/app/jobs")
                                .statusCode());
            case 4 ->
                () -> new Call(
                        "delete",
                        tenant,
                        null,
                        Api.as(tenant).delete("/api/v1/jobs/racer").statusCode());
            default ->
                () -> new Call(
                        "test run",
                        tenant,
                        null,
                        Api.as(tenant)
                                .body("{}")
                                .post("/api/v1/jobs/racer/test")
                                .statusCode());
        };
    }

    private static boolean deleted(Call call) {
        return call.kind().equals("delete") && call.answered(Set.of(200, 204));
    }

    @Test
    @Tag("race")
    void registerDisableDeleteAndReRegisterRacingOnOneJobLeaveEveryInvariantTrue() throws Exception {
        Tenant dev = Tenants.create();
        Tenant prod = dev.sibling("prod", "PRODUCTION");
        for (Tenant tenant : List.of(dev, prod)) {
            Api.endpoint(tenant, "app");
            Api.register(tenant, "app", racer("1.0.0")).statusCode(201);
        }
        Random random = new Random(20240611);
        // A delete lands only while the job is disabled in both environments, which depends on how
        // the calls interleave: the race goes on, up to 5 rounds of 160 calls, until one has.
        List<Call> answered = new ArrayList<>();
        for (int round = 0; round < 5 && answered.stream().noneMatch(RegistrationConcurrencyTest::deleted); round++) {
            List<Callable<Call>> calls = new ArrayList<>();
            for (int i = 0; i < 160; i++) {
                calls.add(racingCall(random.nextBoolean() ? dev : prod, random));
            }
            answered.addAll(Race.run(16, calls));
        }

        List<Call> unexpected = answered.stream()
                .filter(call -> !call.answered(ALLOWED.get(call.kind())))
                .toList();
        assertEquals(List.of(), unexpected, "calls answered what their kind may not");
        // An enabled registration is never skipped, even of a job deleted meanwhile: it brings the job back.
        List<Call> notActive = answered.stream()
                .filter(call -> call.kind().equals("register") && !"ACTIVE".equals(call.versionStatus()))
                .toList();
        assertEquals(List.of(), notActive, "acknowledged registrations that did not make their version ACTIVE");
        assertTrue(
                answered.stream().anyMatch(RegistrationConcurrencyTest::deleted),
                "the race deleted the job at least once (so registrations raced with deletes): " + answered);
        List<Call> lost = answered.stream()
                .filter(call -> call.kind().equals("register") && call.answered(REGISTERED))
                .filter(call -> database.count(
                                "SELECT count(*) FROM job_versions v JOIN jobs j ON j.id = v.job_id "
                                        + "WHERE v.environment_id = $1::uuid AND j.slug = 'racer' AND v.version = $2",
                                call.tenant().environmentId(),
                                call.version())
                        != 1)
                .toList();
        assertEquals(List.of(), lost, "acknowledged registrations whose version is not stored");
        assertTrue(
                answered.stream().filter(call -> call.kind().equals("register")).count() >= 30,
                "enough registrations raced");
        for (Tenant tenant : List.of(dev, prod)) {
            Invariants.assertHold(Invariants.over(database), tenant.environmentId());
        }
        // Whatever the interleaving, an enabled registration of a new highest version brings the job back as latest.
        Api.register(dev, "app", racer("3.0.0")).statusCode(201).body("latestVersion", equalTo("3.0.0"));
        Api.as(dev)
                .get("/api/v1/jobs/racer")
                .then()
                .statusCode(200)
                .body("latestVersion.version", equalTo("3.0.0"))
                .body("latestVersion.status", equalTo("ACTIVE"));
        Invariants.assertHold(Invariants.over(database), dev.environmentId());
    }

    @Test
    @Tag("race")
    void concurrentIndexesOfOneEndpointLeaveEveryInvariantTrueAndTheLastIndexDecides() throws Exception {
        Tenant tenant = Tenants.create();
        String url = Api.endpoint(
                tenant,
                "app",
                FakeEndpoint.serve(
                        FakeEndpoint.indexing(Fixtures.index("index-a").toString())));
        String hook =
                Api.as(tenant).get("/api/v1/endpoints/app").then().extract().path("indexingHookIdentifier");
        // Half the indexes see the job list of deploy a, half the list of deploy b (user-signup 1.1.0,
        // invoice-paid disabled, legacy-cleanup missing): every answer is served while others run.
        var served = new java.util.concurrent.atomic.AtomicInteger();
        FakeEndpoint.replace(
                url,
                action -> "PING".equals(action)
                        ? FakeEndpoint.Reply.json(200, "{\"ok\":true}")
                        : FakeEndpoint.Reply.json(
                                200,
                                Fixtures.index(served.getAndIncrement() % 2 == 0 ? "index-a" : "index-b")
                                        .toString()));
        List<Callable<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            calls.add(() -> Api.as(tenant)
                    .body("{}")
                    .post("/api/v1/endpoints/app/index")
                    .then()
                    .body("status", equalTo("SUCCESS"))
                    .extract()
                    .statusCode());
        }
        calls.add(() -> io.restassured.RestAssured.given()
                .post("/api/v1/endpoints/{env}/app/index/{hook}", tenant.environmentId(), hook)
                .statusCode());
        calls.add(() -> Api.as(tenant)
                .body(Map.of("id", "app", "url", url))
                .post("/api/v1/endpoints")
                .statusCode());

        List<Integer> statuses = Race.run(8, calls);

        assertTrue(statuses.stream().allMatch(status -> status == 200 || status == 202), statuses.toString());
        Invariants.assertHold(Invariants.over(database), tenant.environmentId());
        // A final index of deploy a converges: its jobs active and latest, legacy-cleanup back.
        FakeEndpoint.replace(
                url, FakeEndpoint.indexing(Fixtures.index("index-a").toString()));
        Api.as(tenant)
                .body("{}")
                .post("/api/v1/endpoints/app/index")
                .then()
                .statusCode(200)
                .body("status", equalTo("SUCCESS"))
                .body("stats.failedJobs", equalTo(0));
        for (String job : List.of("user-signup", "nightly-report", "poller", "legacy-cleanup")) {
            assertEquals("ACTIVE", database.latestStatus(tenant.environmentId(), job), job);
        }
        assertEquals(
                "1.1.0",
                database.query(
                                "SELECT value FROM job_aliases a JOIN jobs j ON j.id = a.job_id "
                                        + "WHERE a.environment_id = $1::uuid AND j.slug = 'user-signup'",
                                tenant.environmentId())
                        .get(0)
                        .getString(0),
                "latest stays on the highest version ever registered");
        Invariants.assertHold(Invariants.over(database), tenant.environmentId());
    }
}
