package io.kongflow.jobs.registration;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kongflow.jobs.support.Api;
import io.kongflow.jobs.support.Fixtures;
import io.kongflow.jobs.support.TenantWithEndpoint;
import io.kongflow.jobs.support.Tenants;
import io.kongflow.jobs.support.Tenants.Tenant;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Row;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
class RegistrationTest extends TenantWithEndpoint {

    private long rows(String table, String where, Object... parameters) {
        return database.count("SELECT count(*) FROM " + table + " WHERE " + where, parameters);
    }

    private String jobId(String slug) {
        return database.query(
                        "SELECT j.id::text FROM jobs j JOIN runtime_environments e ON e.project_id = j.project_id "
                                + "WHERE e.id = $1::uuid AND j.slug = $2",
                        tenant.environmentId(),
                        slug)
                .get(0)
                .getString(0);
    }

    private Row dispatcher(String slug) {
        return database.query(
                        "SELECT event, source, payload_filter::text, context_filter::text, manual, enabled, "
                                + "dispatchable ->> 'id' FROM event_dispatchers WHERE dispatchable_id = $1 AND environment_id = $2::uuid",
                        jobId(slug),
                        tenant.environmentId())
                .get(0);
    }

    private Row schedule(String slug) {
        List<Row> rows = database.query(
                "SELECT active, next_event_at, schedule::text FROM schedule_sources "
                        + "WHERE key = $1 AND environment_id = $2::uuid",
                slug,
                tenant.environmentId());
        return rows.isEmpty() ? null : rows.get(0);
    }

    private String latest(String slug) {
        return database.query(
                        "SELECT value FROM job_aliases WHERE job_id = $1::uuid AND environment_id = $2::uuid "
                                + "AND name = 'latest'",
                        jobId(slug),
                        tenant.environmentId())
                .get(0)
                .getString(0);
    }

    @Test
    void newJobCreatesOneJobVersionAliasAndDispatcher() {
        Api.register(tenant, "app", Fixtures.job("index-a", "user-signup"))
                .statusCode(201)
                .body("outcome", equalTo("created"))
                .body("modified", equalTo(true))
                .body("job.slug", equalTo("user-signup"))
                .body("job.title", equalTo("User signup"))
                .body("job.internal", equalTo(false))
                .body("version.version", equalTo("1.0.0"))
                .body("version.status", equalTo("ACTIVE"))
                .body("version.queue.name", equalTo("default"))
                .body("version.queue.maxJobs", equalTo(100))
                .body("version.examples.id", contains("basic", "second"))
                .body("version.examples[0].payload.email", equalTo("a@b.c"))
                .body("latestVersion", equalTo("1.0.0"));

        String job = jobId("user-signup");
        assertEquals(1, rows("job_versions", "job_id = $1::uuid", job));
        assertEquals(1, rows("job_aliases", "job_id = $1::uuid", job));
        assertEquals(
                2, rows("event_examples e JOIN job_versions v ON v.id = e.job_version_id", "v.job_id = $1::uuid", job));
        Row version = database.query(
                        "SELECT event_specification, start_position, preprocess_runs, status "
                                + "FROM job_versions WHERE job_id = $1::uuid",
                        job)
                .get(0);
        assertEquals("user.created", version.getJsonObject(0).getString("name"));
        assertNull(
                version.getJsonObject(0).getValue("examples"),
                "examples are stored apart from the event specification");
        assertEquals("LATEST", version.getString(1));

        Row dispatcher = dispatcher("user-signup");
        assertEquals(List.of("user.created"), List.of(dispatcher.getArrayOfStrings(0)));
        assertEquals("trigger.dev", dispatcher.getString(1));
        assertEquals("{}", dispatcher.getString(2));
        assertNull(dispatcher.getString(3));
        assertEquals(false, dispatcher.getBoolean(4));
        assertEquals(true, dispatcher.getBoolean(5));
    }

    @Test
    void sameMetadataAgainIsUnchangedAndChangedMetadataUpdatesInPlace() {
        ObjectNode job = Fixtures.job("index-a", "user-signup");
        Api.register(tenant, "app", job).statusCode(201);
        var before = database.query(
                        "SELECT id::text, content_hash FROM job_versions WHERE job_id = $1::uuid", jobId("user-signup"))
                .get(0);

        Api.register(tenant, "app", job)
                .statusCode(200)
                .body("outcome", equalTo("unchanged"))
                .body("modified", equalTo(false))
                .body("version.id", equalTo(before.getString(0)));

        ((ObjectNode) job.get("event")).put("title", "A new title");
        Api.register(tenant, "app", job)
                .statusCode(200)
                .body("outcome", equalTo("updated"))
                .body("modified", equalTo(true))
                .body("version.id", equalTo(before.getString(0)));
        assertEquals(1, rows("job_versions", "job_id = $1::uuid", jobId("user-signup")));
        assertEquals(
                "A new title",
                database.query(
                                "SELECT event_specification ->> 'title' FROM job_versions " + "WHERE job_id = $1::uuid",
                                jobId("user-signup"))
                        .get(0)
                        .getString(0));
    }

    @Test
    void keyOrderAndUnknownFieldsDoNotMakeAChange() {
        ObjectNode job = Fixtures.job("index-a", "legacy-cleanup");
        Api.register(tenant, "app", job).statusCode(201);
        ObjectNode reordered = Fixtures.parse("{}");
        List<String> names = new java.util.ArrayList<>();
        job.fieldNames().forEachRemaining(names::add);
        java.util.Collections.reverse(names);
        names.forEach(name -> reordered.set(name, job.get(name)));
        reordered.put("someFutureSdkField", 42);
        Api.register(tenant, "app", reordered).statusCode(200).body("outcome", equalTo("unchanged"));
    }

    @Test
    void higherVersionMovesTheAliasAndLowerDoesNot() {
        Api.register(tenant, "app", Fixtures.signup("semver", "1.9.0"))
                .statusCode(201)
                .body("latestVersion", equalTo("1.9.0"));
        Api.register(tenant, "app", Fixtures.signup("semver", "1.10.0"))
                .statusCode(201)
                .body("latestVersion", equalTo("1.10.0"));
        Api.register(tenant, "app", Fixtures.signup("semver", "1.2.0"))
                .statusCode(201)
                .body("latestVersion", equalTo("1.10.0"));
        Api.register(tenant, "app", Fixtures.signup("semver", "1.10.0-rc.1"))
                .statusCode(201)
                .body("latestVersion", equalTo("1.10.0"));
        assertEquals("1.10.0", latest("semver"));
        assertEquals(4, rows("job_versions", "job_id = $1::uuid", jobId("semver")));
        String latestId = database.query(
                        "SELECT id::text FROM job_versions WHERE job_id = $1::uuid AND version = '1.10.0'",
                        jobId("semver"))
                .get(0)
                .getString(0);
        assertEquals(latestId, dispatcher("semver").getString(6), "the dispatcher follows latest");
    }

    @Test
    void lowerVersionDoesNotRewriteTheDispatcher() {
        ObjectNode high = Fixtures.signup("follow", "2.0.0");
        Api.register(tenant, "app", high).statusCode(201);
        ObjectNode low = Fixtures.signup("follow", "1.0.0");
        ((ObjectNode) low.get("trigger").get("rule")).put("event", "old.event");
        Api.register(tenant, "app", low).statusCode(201);
        assertEquals(List.of("user.created"), List.of(dispatcher("follow").getArrayOfStrings(0)));
    }

    @Test
    void examplesBecomeExactlyTheIncomingList() {
        Api.register(tenant, "app", Fixtures.job("index-a", "user-signup")).statusCode(201);
        ObjectNode job = Fixtures.job("index-a", "user-signup");
        ((ObjectNode) job.get("event")).set("examples", Fixtures.parse("""
                {"x": [{"id": "second", "name": "Second, renamed", "payload": {"email": "q@b.c"}},
                       {"id": "third", "name": "Third"}]}""").get("x"));
        Api.register(tenant, "app", job).statusCode(200).body("outcome", equalTo("updated"));
        var examples = database.query(
                "SELECT e.slug, e.name, e.payload ->> 'email' FROM event_examples e "
                        + "JOIN job_versions v ON v.id = e.job_version_id WHERE v.job_id = $1::uuid ORDER BY e.slug",
                jobId("user-signup"));
        assertEquals(2, examples.size());
        assertEquals("second", examples.get(0).getString(0));
        assertEquals("Second, renamed", examples.get(0).getString(1));
        assertEquals("q@b.c", examples.get(0).getString(2));
        assertEquals("third", examples.get(1).getString(0));

        ((ObjectNode) job.get("event")).remove("examples");
        Api.register(tenant, "app", job).statusCode(200).body("version.examples", hasSize(0));
        assertEquals(
                0,
                rows(
                        "event_examples e JOIN job_versions v ON v.id = e.job_version_id",
                        "v.job_id = $1::uuid",
                        jobId("user-signup")));
    }

    @Test
    void staticToScheduledToInvokeLeavesNoStaleDispatcherState() {
        ObjectNode job = Fixtures.job("index-integrations", "sync-crm");
        job.remove("integrations");
        Api.register(tenant, "app", job).statusCode(201);
        Row first = dispatcher("sync-crm");
        assertEquals(List.of("crm.contact.created", "crm.contact.updated"), List.of(first.getArrayOfStrings(0)));
        assertEquals("acme-crm", first.getString(1));
        assertEquals("{\"contact\": {\"plan\": [\"pro\", \"enterprise\"]}}", first.getString(2));

        ObjectNode scheduled = Fixtures.job("index-a", "poller");
        scheduled.put("id", "sync-crm").put("version", "3.2.0");
        Api.register(tenant, "app", scheduled).statusCode(200).body("outcome", equalTo("updated"));
        Row second = dispatcher("sync-crm");
        assertEquals(List.of("dev.trigger.scheduled"), List.of(second.getArrayOfStrings(0)));
        assertEquals("trigger.dev", second.getString(1));
        assertNull(second.getString(2), "the payload filter of the static trigger is gone");
        assertEquals(true, second.getBoolean(4));
        assertEquals(true, second.getBoolean(5));
        Row schedule = schedule("sync-crm");
        assertEquals(true, schedule.getBoolean(0));
        assertNotNull(schedule.getOffsetDateTime(1));

        ObjectNode invoke = Fixtures.job("index-integrations", "invoke-only");
        invoke.put("id", "sync-crm").put("version", "3.2.0");
        Api.register(tenant, "app", invoke).statusCode(200);
        assertEquals(false, dispatcher("sync-crm").getBoolean(5));
        assertEquals(false, schedule("sync-crm").getBoolean(0));
        assertEquals(1, rows("event_dispatchers", "dispatchable_id = $1", jobId("sync-crm")));
    }

    @Test
    void cronAndIntervalSchedulesGetTheirNextEventTime() {
        Api.register(tenant, "app", Fixtures.job("index-a", "nightly-report"))
                .statusCode(201)
                .body("version.queue.name", equalTo("default"));
        Row cron = schedule("nightly-report");
        assertEquals(true, cron.getBoolean(0));
        assertEquals(3, cron.getOffsetDateTime(1).getHour());
        assertEquals(0, cron.getOffsetDateTime(1).getMinute());

        java.time.OffsetDateTime before = java.time.OffsetDateTime.now();
        Api.register(tenant, "app", Fixtures.job("index-a", "poller")).statusCode(201);
        Row interval = schedule("poller");
        long seconds = java.time.Duration.between(before, interval.getOffsetDateTime(1))
                .getSeconds();
        assertEquals(300, seconds, 5);
    }

    @Test
    void concurrencyLimitSelectsTheQueue() {
        Api.register(tenant, "app", Fixtures.job("index-a", "poller"))
                .statusCode(201)
                .body("version.queue.name", equalTo("job/poller"))
                .body("version.queue.maxJobs", equalTo(5));
        ObjectNode grouped = Fixtures.job("index-a", "poller");
        grouped.put("version", "2.0.1").set("concurrencyLimit", Fixtures.parse("{\"id\": \"crm-api\", \"limit\": 3}"));
        Api.register(tenant, "app", grouped)
                .statusCode(201)
                .body("version.queue.name", equalTo("group/crm-api"))
                .body("version.queue.maxJobs", equalTo(3));
        grouped.put("version", "2.0.2").remove("concurrencyLimit");
        Api.register(tenant, "app", grouped)
                .statusCode(201)
                .body("version.queue.name", equalTo("default"))
                .body("version.queue.maxJobs", equalTo(100));

        ObjectNode sameVersion = Fixtures.job("index-a", "poller");
        sameVersion.put("concurrencyLimit", 7);
        Api.register(tenant, "app", sameVersion)
                .statusCode(200)
                .body("outcome", equalTo("updated"))
                .body("version.queue.maxJobs", equalTo(7));
        assertEquals(
                7,
                database.query(
                                "SELECT max_jobs FROM job_queues WHERE environment_id = $1::uuid AND name = 'job/poller'",
                                tenant.environmentId())
                        .get(0)
                        .getInteger(0));
    }

    @Test
    void sdk20QueueFormsAreAccepted() {
        ObjectNode named = Fixtures.signup("queued", "1.0.0");
        named.put("queue", "emails");
        Api.register(tenant, "app", named)
                .statusCode(201)
                .body("version.queue.name", equalTo("emails"))
                .body("version.queue.maxJobs", equalTo(100));
        ObjectNode limited = Fixtures.signup("queued", "1.0.1");
        limited.set("queue", Fixtures.parse("{\"name\": \"emails\", \"maxConcurrent\": 4}"));
        Api.register(tenant, "app", limited).statusCode(201).body("version.queue.maxJobs", equalTo(4));
        ObjectNode unlimited = Fixtures.signup("queued", "1.0.2");
        unlimited.set("queue", Fixtures.parse("{\"name\": \"emails\", \"maxConcurrent\": 0}"));
        Api.register(tenant, "app", unlimited).statusCode(201).body("version.queue.maxJobs", equalTo(100));
        limited.put("version", "1.0.3");
        Api.register(tenant, "app", limited).statusCode(201).body("version.queue.maxJobs", equalTo(4));
        named.put("version", "1.0.4");
        Api.register(tenant, "app", named).statusCode(201).body("version.queue.maxJobs", equalTo(100));
    }

    @Test
    void integrationsAreCreatedWithV2RulesAndJobIntegrationsReplaced() {
        Api.register(tenant, "app", Fixtures.job("index-integrations", "sync-crm"))
                .statusCode(201)
                .body("version.queue.name", equalTo("group/crm-api"))
                .body("version.integrations.key", contains("crm", "mailer"))
                .body("version.integrations[0].integrationSlug", equalTo("acme-crm"))
                .body("version.integrations[0].authSource", equalTo("HOSTED"));
        var integrations = database.query(
                "SELECT i.slug, i.title, i.auth_source, i.connection_type, i.setup_status, "
                        + "i.definition_id FROM integrations i JOIN runtime_environments e ON e.organization_id = i.organization_id "
                        + "WHERE e.id = $1::uuid ORDER BY i.slug",
                tenant.environmentId());
        assertEquals(2, integrations.size());
        assertEquals(
                List.of("acme-crm", "acme-crm", "HOSTED", "HOSTED", "MISSING_FIELDS", "acme-crm"),
                values(integrations.get(0)));
        assertEquals(
                List.of("mailer", "Mailer", "LOCAL", "DEVELOPER", "COMPLETE", "mailer"), values(integrations.get(1)));

        ObjectNode fewer = Fixtures.job("index-integrations", "sync-crm");
        ((ObjectNode) fewer.get("integrations")).remove("crm");
        ((ObjectNode) fewer.get("integrations")).set("resolver", Fixtures.parse("""
                {"id": "github", "metadata": {"id": "github", "name": "GitHub"}, "authSource": "RESOLVER"}"""));
        Api.register(tenant, "app", fewer).statusCode(200).body("outcome", equalTo("updated"));
        var keys = database.query(
                "SELECT ji.key, i.slug, i.connection_type FROM job_integrations ji "
                        + "JOIN integrations i ON i.id = ji.integration_id WHERE ji.job_id = $1::uuid ORDER BY ji.key",
                jobId("sync-crm"));
        assertEquals(2, keys.size());
        assertEquals("mailer", keys.get(0).getString(0));
        assertEquals("resolver", keys.get(1).getString(0));
        assertEquals("EXTERNAL", keys.get(1).getString(2));
    }

    private static List<Object> values(Row row) {
        List<Object> values = new java.util.ArrayList<>();
        for (int i = 0; i < row.size(); i++) {
            values.add(row.getValue(i));
        }
        return values;
    }

    @Test
    void enabledFalseDisablesTheVersionDispatcherAndSchedule() {
        Api.register(tenant, "app", Fixtures.job("index-a", "nightly-report")).statusCode(201);
        ObjectNode disabled = Fixtures.job("index-a", "nightly-report");
        disabled.put("enabled", false);
        Api.register(tenant, "app", disabled).statusCode(200).body("version.status", equalTo("DISABLED"));
        assertEquals(false, dispatcher("nightly-report").getBoolean(5));
        assertEquals(false, schedule("nightly-report").getBoolean(0));

        Api.register(tenant, "app", Fixtures.job("index-a", "nightly-report"))
                .statusCode(200)
                .body("version.status", equalTo("ACTIVE"))
                .body("modified", equalTo(true));
        assertEquals(true, dispatcher("nightly-report").getBoolean(5));
        assertEquals(true, schedule("nightly-report").getBoolean(0));
    }

    @Test
    void deleteIsRefusedWhileActiveAllowedAfterDisableAndUndoneByRegistration() {
        Api.register(tenant, "app", Fixtures.job("index-a", "legacy-cleanup")).statusCode(201);
        Tenant production = tenant.sibling("prod", "PRODUCTION");
        Api.endpoint(production, "app");
        Api.register(production, "app", Fixtures.job("index-a", "legacy-cleanup"))
                .statusCode(201);

        Api.as(tenant)
                .delete("/api/v1/jobs/legacy-cleanup")
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("detail", org.hamcrest.Matchers.containsString("dev, prod"));

        ObjectNode disabled = Fixtures.job("index-a", "legacy-cleanup");
        disabled.put("enabled", false);
        Api.register(tenant, "app", disabled).statusCode(200);
        Api.as(tenant)
                .delete("/api/v1/jobs/legacy-cleanup")
                .then()
                .statusCode(409)
                .body("detail", org.hamcrest.Matchers.containsString("prod"));
        Api.register(production, "app", disabled).statusCode(200);
        Api.as(tenant)
                .delete("/api/v1/jobs/legacy-cleanup")
                .then()
                .statusCode(200)
                .body("deleted", equalTo(true));
        Api.as(tenant).delete("/api/v1/jobs/legacy-cleanup").then().statusCode(404);

        Api.register(tenant, "app", disabled)
                .statusCode(200)
                .body("outcome", equalTo("skipped"))
                .body("modified", equalTo(false));
        assertNotNull(
                database.query("SELECT deleted_at FROM jobs WHERE id = $1::uuid", jobId("legacy-cleanup"))
                        .get(0)
                        .getOffsetDateTime(0),
                "a skipped registration writes nothing");

        Api.register(tenant, "app", Fixtures.job("index-a", "legacy-cleanup"))
                .statusCode(200)
                .body("version.status", equalTo("ACTIVE"));
        assertNull(
                database.query("SELECT deleted_at FROM jobs WHERE id = $1::uuid", jobId("legacy-cleanup"))
                        .get(0)
                        .getOffsetDateTime(0),
                "an enabled registration restores the job");
    }

    @Test
    void internalIsSetAtCreationOnly() {
        ObjectNode job = Fixtures.signup("internal-job", "1.0.0");
        job.put("internal", true);
        Api.register(tenant, "app", job).statusCode(201).body("job.internal", equalTo(true));
        job.put("internal", false).put("version", "1.0.1");
        Api.register(tenant, "app", job).statusCode(201).body("job.internal", equalTo(true));
    }

    @Test
    void everyFixtureJobRegistersCleanly() {
        for (String index : List.of("index-a", "index-b", "index-integrations")) {
            Tenant fresh = Tenants.create();
            Api.endpoint(fresh, "app");
            for (var job : Fixtures.index(index).get("jobs")) {
                Api.register(fresh, "app", job)
                        .statusCode(201)
                        .body("outcome", equalTo("created"))
                        .body("version.id", notNullValue());
            }
        }
    }

    @Test
    void unknownEndpointIsNotFoundAndWritesNothing() {
        Api.register(tenant, "nope", Fixtures.job("index-a", "user-signup")).statusCode(404);
        assertEquals(
                0,
                rows(
                        "jobs j JOIN runtime_environments e ON e.project_id = j.project_id",
                        "e.id = $1::uuid",
                        tenant.environmentId()));
    }
}
