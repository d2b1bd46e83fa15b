package io.kongflow.jobs.adversarial;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kongflow.jobs.support.Api;
import io.kongflow.jobs.support.Database;
import io.kongflow.jobs.support.OpenApiOperations;
import io.kongflow.jobs.support.OpenApiOperations.Operation;
import io.kongflow.jobs.support.PathValues;
import io.kongflow.jobs.support.PopulatedTenant;
import io.kongflow.jobs.support.Tenants;
import io.kongflow.jobs.support.Tenants.Tenant;
import io.kongflow.jobs.support.ValidBodies;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Every operation of the service's own OpenAPI document, called with the key of another
 * environment of the owner's project, of another project of its organization and of another
 * organization, aimed at the
 * owner's real objects (ids and slugs from {@link PopulatedTenant}), with a body the owner could send
 * successfully. A route added to the API is in the matrix without touching this test; a path
 * parameter or body it cannot fill fails loudly.
 */
@QuarkusTest
@Tag("isolation")
class TenantIsolationMatrixTest {

    /** Jobs belong to the project: another environment of it sees the job, never this environment's data. */
    private static final String PROJECT_JOB = "/api/v1/jobs/{slug}";

    final Database database = Database.shared();

    private final List<String> violations = new ArrayList<>();

    /** A caller that is not the owner, and whether it shares the owner's project (and so sees its jobs). */
    private record Stranger(String name, Tenant tenant, boolean sameProject) {}

    @Test
    void noOtherTenantReadsOrChangesAnythingOfAnother() {
        PopulatedTenant owner = PopulatedTenant.create();
        Tenant sibling = owner.tenant.sibling("prod", "PRODUCTION");
        Tenant otherProject = owner.tenant.otherProject();
        List<Stranger> strangers = List.of(
                new Stranger("another environment", sibling, true),
                new Stranger("another project", otherProject, false),
                new Stranger("another organization", Tenants.create(), false));
        String ownerView = ownerView(owner);
        // Operations naming an object first: a collection write (POST /api/v1/endpoints) creates the
        // caller's own objects, after which the owner's slugs would name them.
        List<Operation> operations = OpenApiOperations.all().stream()
                .sorted(Comparator.comparing(Operation::namesAnObject).reversed())
                .toList();
        int calls = 0;
        for (Operation operation : operations) {
            for (Stranger stranger : strangers) {
                check(operation, owner, stranger);
                calls++;
            }
        }
        assertTrue(
                violations.isEmpty(), violations.size() + " isolation violations:\n" + String.join("\n", violations));
        assertTrue(calls >= 105, "operations called: " + calls);
        assertEquals(ownerView, ownerView(owner), "the owner's objects, as the owner sees them");

        // The control: each of the owner's own reads (lists included) answers one of the identifiers
        // the matrix looks for, so the matrix would have seen them leak.
        List<String> blind = operations.stream()
                .filter(operation -> operation.method().equals("GET")
                        && !operation.isAdmin()
                        && !operation.path().contains("/index/"))
                .filter(read -> !answersAnOwnerIdentifier(read, owner))
                .map(Operation::toString)
                .toList();
        assertEquals(List.of(), blind, "owner reads in which the matrix would not recognise the owner's data");

        // Spot checks of the two shapes the matrix allows besides 404.
        Api.as(sibling)
                .get("/api/v1/jobs/{slug}", PopulatedTenant.JOB)
                .then()
                .statusCode(200)
                .body("latestVersion", equalTo(null));
        Api.as(otherProject).get("/api/v1/jobs").then().statusCode(200).body("data", hasSize(0));
    }

    private boolean answersAnOwnerIdentifier(Operation read, PopulatedTenant owner) {
        String path = owner.paths().expand(read.path()) + ownerQuery(read, owner);
        String answer = request(owner.tenant, null)
                .get(path)
                .then()
                .statusCode(200)
                .extract()
                .asString();
        return secretsFor(owner, false).stream().anyMatch(answer::contains);
    }

    private void check(Operation operation, PopulatedTenant owner, Stranger stranger) {
        Tenant caller = stranger.tenant();
        boolean sibling = stranger.sameProject();
        PathValues paths = operation.path().contains("/index/{hookIdentifier}")
                // The deploy hook takes no key: the caller's environment is the one in its path.
                ? owner.paths().overriding(Map.of("{environmentId}", caller.environmentId()))
                : owner.paths();
        String path = paths.expand(operation.path()) + ownerQuery(operation, owner);
        String body = ValidBodies.of(operation);
        Map<String, String> before = database.snapshot();
        RequestSpecification request = request(caller, body);
        if (operation.operationId().equals("runTask")) {
            request.header("Idempotency-Key", "isolation-matrix"); // the SDK always sends one
        }
        Response response = request.request(operation.method(), path);
        Map<String, String> after = database.snapshot();
        String call = operation + " as " + stranger.name() + " → " + response.statusCode() + " "
                + abbreviated(response.asString());

        for (String secret : secretsFor(owner, sibling)) {
            if (response.asString().contains(secret)) {
                violations.add(call + ": answers the owner's " + secret);
            }
        }
        if (!operation.namesAnObject() && !operation.isAdmin()) {
            return; // a collection of the caller's own: it may list and create there
        }
        if (operation.path().startsWith("/api/v1/store/")) {
            return; // a key names a value in the caller's own store: it may read and write there (never the owner's
            // value)
        }
        if (!before.equals(after)) {
            violations.add(call + ": changed " + changedTables(before, after));
        }
        int status = response.statusCode();
        boolean refused = operation.isAdmin() ? status == 401 : status == 404 || status == 401;
        boolean projectJobSeenFromSibling =
                sibling && operation.path().startsWith(PROJECT_JOB) && (status == 200 || status == 409);
        if (!refused && !projectJobSeenFromSibling) {
            violations.add(call + ": expected " + (operation.isAdmin() ? "401" : "404 (or 401)"));
        } else if (refused && !response.contentType().startsWith("application/problem+json")) {
            violations.add(call + ": not a problem document");
        }
    }

    /** The owner's values for the query parameters a read filters by: a filter must not reach across tenants either. */
    private static String ownerQuery(Operation operation, PopulatedTenant owner) {
        Map<String, String> values = Map.of(
                "endpoint",
                PopulatedTenant.ENDPOINT,
                "name",
                "default",
                "q",
                "signup",
                "includeInternal",
                "true",
                "includeDisabled",
                "true");
        List<String> query = operation.queryParameters().stream()
                .filter(values::containsKey)
                .map(name -> name + "=" + values.get(name))
                .toList();
        return query.isEmpty() ? "" : "?" + String.join("&", query);
    }

    private static RequestSpecification request(Tenant caller, String body) {
        RequestSpecification request = given().header("Authorization", caller.bearer());
        return body == null ? request : request.contentType(ContentType.JSON).body(body);
    }

    /** What another environment of the project may not see; another project may not see the project's ids either. */
    private static List<String> secretsFor(PopulatedTenant owner, boolean sibling) {
        List<String> secrets = new ArrayList<>(owner.environmentSecrets());
        if (!sibling) {
            secrets.addAll(List.of(owner.jobId, owner.tenant.environmentId()));
        }
        return secrets;
    }

    private static String ownerView(PopulatedTenant owner) {
        Tenant tenant = owner.tenant;
        String job = PopulatedTenant.JOB;
        return String.join(
                "\n",
                Api.as(tenant)
                        .get("/api/v1/jobs?includeDisabled=true&includeInternal=true")
                        .asString(),
                Api.as(tenant).get("/api/v1/jobs/{slug}", job).asString(),
                Api.as(tenant).get("/api/v1/jobs/{slug}/versions", job).asString(),
                Api.as(tenant).get("/api/v1/jobs/{slug}/aliases", job).asString(),
                Api.as(tenant).get("/api/v1/jobs/{slug}/runs", job).asString(),
                Api.as(tenant).get("/api/v1/runs/{id}", owner.runId).asString(),
                Api.as(tenant).get("/api/v1/queues").asString(),
                Api.as(tenant).get("/api/v1/endpoints").asString(),
                Api.as(tenant).get("/api/v1/endpointindex/{id}", owner.indexId).asString(),
                Tenants.admin()
                        .get("/api/admin/v1/environments/{id}/keys", tenant.environmentId())
                        .asString(),
                Tenants.admin()
                        .get("/api/admin/v1/projects/{slug}/environments", tenant.projectSlug())
                        .asString());
    }

    static String changedTables(Map<String, String> before, Map<String, String> after) {
        Set<String> tables = new java.util.TreeSet<>(before.keySet());
        tables.addAll(after.keySet());
        return tables.stream()
                .filter(table -> !java.util.Objects.equals(before.get(table), after.get(table)))
                .toList()
                .toString();
    }

    private static String abbreviated(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "…";
    }
}
