package io.kongflow.jobs.support;

import io.kongflow.jobs.support.Tenants.Tenant;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;

/**
 * A tenant owning one of every kind of object the API names in its paths: an endpoint {@code app}
 * (indexed from the {@code index-a} SDK fixture, so jobs, versions, queues and aliases), an index,
 * a test run, a named API key, an event (not delivered), a stored value ({@link #STORE_KEY}). Tests aim requests at these real objects through {@link #paths()}.
 */
public final class PopulatedTenant {

    public static final String ENDPOINT = "app";
    public static final String JOB = "user-signup";
    public static final String VERSION = "1.0.0";
    /** A task id no run has: the tasks routes answer 404 for it, whoever asks. */
    public static final String TASK = "00000000-0000-4000-8000-000000000001";
    /** A callback URL's secret no task has (the callback routes need no key: the secret is the credential). */
    public static final String CALLBACK_SECRET = "not-the-secret-of-any-task";
    /** A key of the key-value store, holding {@link #storedValue}. */
    public static final String STORE_KEY = "populated-key";
    /** The dynamic schedule the endpoint's index reports (running {@link #JOB}). */
    public static final String DYNAMIC_SCHEDULE = "populated-schedule";
    /** A registration of {@link #DYNAMIC_SCHEDULE}, firing in a day: nothing changes it while a test runs. */
    public static final String REGISTRATION = "populated-registration";

    public final Tenant tenant;
    public final String endpointId;
    public final String endpointUrl;
    public final String hookIdentifier;
    public final String indexId;
    public final String jobId;
    public final String versionId;
    public final String queueId;
    public final String runId;
    public final String keyId;
    /** The value under {@link #STORE_KEY}: another environment's same key never answers it. */
    public final String storedValue;
    /** An event sent to be delivered in a day: nothing changes it while a test runs. */
    public final String eventId;

    private PopulatedTenant(Tenant tenant) {
        this.tenant = tenant;
        com.fasterxml.jackson.databind.node.ObjectNode index =
                (com.fasterxml.jackson.databind.node.ObjectNode) Fixtures.index("index-a");
        index.putArray("dynamicSchedules")
                .addObject()
                .put("id", DYNAMIC_SCHEDULE)
                .putArray("jobs")
                .addObject()
                .put("id", JOB)
                .put("version", VERSION);
        endpointUrl = FakeEndpoint.serve(FakeEndpoint.indexing(index.toString()));
        Api.endpoint(tenant, ENDPOINT, endpointUrl);
        indexId = Api.as(tenant)
                .body("{\"reason\":\"populate\"}")
                .post("/api/v1/endpoints/{slug}/index", ENDPOINT)
                .then()
                .statusCode(200)
                .extract()
                .path("id");
        JsonPath endpoint = Api.as(tenant)
                .get("/api/v1/endpoints/{slug}", ENDPOINT)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        endpointId = endpoint.getString("id");
        hookIdentifier = endpoint.getString("indexingHookIdentifier");
        JsonPath job = Api.as(tenant)
                .get("/api/v1/jobs/{slug}", JOB)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        jobId = job.getString("id");
        versionId = job.getString("latestVersion.id");
        queueId = job.getString("latestVersion.queue.id");
        runId = Api.as(tenant)
                .body("{}")
                .post("/api/v1/jobs/{slug}/test", JOB)
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        eventId = "populated-" + java.util.UUID.randomUUID();
        Api.as(tenant)
                .body(Map.of(
                        "event", Map.of("name", "populated.event", "id", eventId),
                        "options", Map.of("deliverAfter", 86_400)))
                .post("/api/v1/events")
                .then()
                .statusCode(200);
        storedValue = "stored-" + java.util.UUID.randomUUID();
        Api.as(tenant)
                .contentType("text/plain")
                .body(storedValue)
                .put("/api/v1/store/{key}", STORE_KEY)
                .then()
                .statusCode(200);
        Api.as(tenant)
                .body(Map.of("id", REGISTRATION, "type", "interval", "options", Map.of("seconds", 86_400)))
                .post("/api/v1/{endpoint}/schedules/{id}/registrations", ENDPOINT, DYNAMIC_SCHEDULE)
                .then()
                .statusCode(200);
        Tenants.admin()
                .body(Map.of("name", "reader", "scopes", List.of("read")))
                .post("/api/admin/v1/environments/{id}/keys", tenant.environmentId())
                .then()
                .statusCode(201);
        keyId = Tenants.admin()
                .get("/api/admin/v1/environments/{id}/keys", tenant.environmentId())
                .then()
                .statusCode(200)
                .extract()
                .path("[0].id");
    }

    /** A new tenant with its objects. */
    public static PopulatedTenant create() {
        return new PopulatedTenant(Tenants.create());
    }

    /** Values for every path parameter of the API, naming this tenant's objects. */
    public PathValues paths() {
        return new PathValues()
                .with("{environmentId}", tenant.environmentId())
                .with("{organizationSlug}", tenant.organizationSlug())
                .with("{projectSlug}", tenant.projectSlug())
                .with("keys/{keyId}", keyId)
                .with("endpoints/{slug}", ENDPOINT)
                .with("index/{hookIdentifier}", hookIdentifier)
                .with("endpointindex/{id}", indexId)
                .with("jobs/{slug}", JOB)
                .with("versions/{version}", VERSION)
                .with("aliases/{name}", "latest")
                .with("job-versions/{id}", versionId)
                .with("queues/{id}", queueId)
                .with("runs/{id}", runId)
                .with("runs/{runId}", runId)
                .with("tasks/{taskId}", TASK)
                .with("tasks/{id}", TASK)
                .with("callback/{secret}", CALLBACK_SECRET)
                .with("statuses/{id}", "progress")
                .with("events/{id}", eventId)
                .with("store/{key}", STORE_KEY)
                .with("v1/{endpointSlug}", ENDPOINT)
                .with("schedules/{id}", DYNAMIC_SCHEDULE)
                .with("registrations/{key}", REGISTRATION);
    }

    /** The identifiers of this environment's own objects: none may appear in another tenant's answers. */
    public List<String> environmentSecrets() {
        return List.of(
                storedValue,
                endpointId,
                endpointUrl,
                hookIdentifier,
                indexId,
                versionId,
                queueId,
                runId,
                keyId,
                eventId,
                tenant.apiKey());
    }
}
