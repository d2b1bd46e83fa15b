package io.kongflow.jobs.console;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kongflow.jobs.support.Api;
import io.kongflow.jobs.support.Fixtures;
import io.kongflow.jobs.support.Tenants;
import io.kongflow.jobs.support.Tenants.Tenant;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The console through HTTP: sign-in and its cookie, sessions ended by sign-out, key rotation and
 * revocation, CSRF on every action, the security headers, tenant isolation (404 pages), hostile
 * values shown as text, the runs list's URL filters and the run page's task tree.
 */
@QuarkusTest
class ConsoleTest {

    private static final String HOSTILE = "<script>alert(1)</script>\"><img src=x onerror=alert(2)>";

    @Test
    void signingInGivesAStrictHttpOnlyCookieSecureBehindHttps() {
        Tenant tenant = Tenants.create();
        Response answer = ConsoleClient.signIn(tenant.apiKey());
        assertEquals(303, answer.statusCode());
        assertEquals(
                "/console/runs", java.net.URI.create(answer.header("Location")).getPath());
        String cookie = sessionCookie(answer);
        assertTrue(cookie.contains("HttpOnly"), cookie);
        assertTrue(cookie.contains("SameSite=Strict"), cookie);
        assertTrue(cookie.contains("Path=/console"), cookie);
        assertFalse(cookie.contains("Secure"), cookie);

        Response form = given().header("X-Forwarded-Proto", "https").get("/console/sign-in");
        Response secure = given().redirects()
                .follow(false)
                .header("X-Forwarded-Proto", "https")
                .cookie("kongflow_console_signin", form.getCookie("kongflow_console_signin"))
                .formParam("token", ConsoleClient.hidden(form.asString(), "token"))
                .formParam("apiKey", tenant.apiKey())
                .post("/console/sign-in");
        assertTrue(sessionCookie(secure).contains("Secure"), sessionCookie(secure));
    }

    @Test
    void aWrongKeyOrAFormWithoutItsTokenSignsNobodyIn() {
        Response wrong = ConsoleClient.signIn("tr_dev_notAKeyAtAll");
        assertEquals(401, wrong.statusCode());
        assertEquals(null, wrong.getCookie("kongflow_console"));
        Response forged = given().redirects()
                .follow(false)
                .formParam("token", "made-up")
                .formParam("apiKey", Tenants.create().apiKey())
                .post("/console/sign-in");
        assertEquals(403, forged.statusCode());
        assertEquals(null, forged.getCookie("kongflow_console"));
    }

    @Test
    void everyPageNeedsASessionAndCarriesAStrictContentSecurityPolicy() {
        Response page = given().redirects().follow(false).get("/console/runs?status=FAILURE");
        assertEquals(303, page.statusCode());
        java.net.URI location = java.net.URI.create(page.header("Location"));
        assertEquals("/console/sign-in", location.getPath());
        assertEquals("next=/console/runs?status=FAILURE", location.getQuery());
        given().redirects().follow(false).get("/console/runs/live").then().statusCode(401);

        ConsoleClient console = ConsoleClient.signedIn(Tenants.create().apiKey());
        Response runs = console.get("/console/runs");
        assertEquals(200, runs.statusCode());
        String csp = runs.header("Content-Security-Policy");
        assertTrue(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), csp);
        assertTrue(csp.contains("frame-ancestors 'none'"), csp);
        assertEquals("no-store", runs.header("Cache-Control"));
        assertFalse(runs.asString().contains("<script>"), "no inline script");
        given().get("/webjars/htmx.org/dist/htmx.min.js").then().statusCode(200);
        given().get("/webjars/htmx-ext-sse/sse.js").then().statusCode(200);
        given().get("/console/assets/console.js").then().statusCode(200);
    }

    @Test
    void signOutEndsTheSession() {
        ConsoleClient console = ConsoleClient.signedIn(Tenants.create().apiKey());
        console.get("/console/runs").then().statusCode(200);
        console.request().post("/console/sign-out").then().statusCode(403);
        assertEquals(303, console.post("/console/runs", "/console/sign-out").statusCode());
        console.get("/console/runs").then().statusCode(303);
    }

    @Test
    void rotatingOrRevokingTheKeyEndsItsSessions() {
        Tenant tenant = Tenants.create();
        ConsoleClient console = ConsoleClient.signedIn(tenant.apiKey());
        console.get("/console/runs").then().statusCode(200);
        Tenants.admin()
                .post("/api/admin/v1/environments/{id}/rotate-key", tenant.environmentId())
                .then()
                .statusCode(200);
        console.get("/console/runs").then().statusCode(303);

        String named = namedKey(tenant, "reader", List.of("read"));
        ConsoleClient reader = ConsoleClient.signedIn(named);
        reader.get("/console/jobs").then().statusCode(200).body(containsString("key &#39;reader&#39;"));
        String keyId = Tenants.admin()
                .get("/api/admin/v1/environments/{id}/keys", tenant.environmentId())
                .then()
                .extract()
                .path("find { it.name == 'reader' }.id");
        Tenants.admin()
                .delete("/api/admin/v1/environments/{id}/keys/{key}", tenant.environmentId(), keyId)
                .then()
                .statusCode(204);
        reader.get("/console/jobs").then().statusCode(303);
    }

    @Test
    void actionsNeedTheCsrfTokenAndTheWriteScope() {
        Tenant tenant = Tenants.create();
        String run = queuedRun(tenant, Map.of("n", 1));
        ConsoleClient console = ConsoleClient.signedIn(tenant.apiKey());
        console.request().post("/console/runs/{id}/cancel", run).then().statusCode(403);
        console.request()
                .formParam("csrf", "not-the-token")
                .post("/console/runs/{id}/cancel", run)
                .then()
                .statusCode(403);
        assertEquals("QUEUED", status(tenant, run));

        ConsoleClient reader = ConsoleClient.signedIn(namedKey(tenant, "read-only", List.of("read")));
        reader.get("/console/runs/" + run).then().statusCode(200).body(not(containsString("id=\"cancel-run\"")));
        assertEquals(
                403,
                reader.post("/console/runs/" + run, "/console/runs/" + run + "/cancel")
                        .statusCode());
        assertEquals("QUEUED", status(tenant, run));

        Response cancelled = console.post("/console/runs/" + run, "/console/runs/" + run + "/cancel");
        assertEquals(303, cancelled.statusCode());
        assertEquals("CANCELED", status(tenant, run));
        // No GET changes anything: the action's URL read with GET is no page.
        console.get("/console/runs/" + run + "/cancel").then().statusCode(405);
    }

    @Test
    void anotherTenantsRunAndJobAreNotFoundPages() {
        Tenant owner = Tenants.create();
        String run = queuedRun(owner, Map.of());
        ConsoleClient stranger = ConsoleClient.signedIn(Tenants.create().apiKey());
        Response page = stranger.get("/console/runs/" + run);
        assertEquals(404, page.statusCode());
        assertTrue(page.contentType().startsWith("text/html"), page.contentType());
        assertTrue(page.asString().contains("Run not found"), page.asString());
        assertEquals(404, stranger.get("/console/runs/" + run + "/live").statusCode());
        assertEquals(404, stranger.get("/console/runs/not-a-uuid").statusCode());
        assertEquals(404, stranger.get("/console/jobs/user-signup").statusCode());
        assertEquals(
                404,
                stranger.post("/console/runs", "/console/runs/" + run + "/cancel")
                        .statusCode());
        assertEquals(0, count(stranger.get("/console/runs?run=" + run).asString(), "class=\"run\""));
        assertEquals("QUEUED", status(owner, run));
    }

    @Test
    void filtersLiveInTheUrlAndPageByCursor() {
        Tenant tenant = Tenants.create();
        String first = queuedRun(tenant, Map.of("i", 0));
        for (int i = 1; i < 27; i++) {
            queuedRun(tenant, Map.of("i", i));
        }
        ConsoleClient console = ConsoleClient.signedIn(tenant.apiKey());
        String all = console.get("/console/runs?job=user-signup").asString();
        assertEquals(RunsResource.PAGE_SIZE, count(all, "class=\"run\""));
        String next = all.replaceAll("(?s).*id=\"next-page\" href=\"([^\"]+)\".*", "$1")
                .replace("&amp;", "&");
        String older = console.get(next).asString();
        assertEquals(2, count(older, "class=\"run\""));
        assertTrue(older.contains(first), "the oldest run is on the second page");

        String byId = console.get("/console/runs?run=" + first).asString();
        assertEquals(1, count(byId, "class=\"run\""));
        assertEquals(0, count(console.get("/console/runs?status=SUCCESS").asString(), "class=\"run\""));
        assertEquals(
                RunsResource.PAGE_SIZE,
                count(console.get("/console/runs?test=true").asString(), "class=\"run\""));
        assertEquals(0, count(console.get("/console/runs?test=false").asString(), "class=\"run\""));
        assertEquals(0, count(console.get("/console/runs?from=2999-01-01T00:00").asString(), "class=\"run\""));
        Response bad = console.get("/console/runs?status=NOPE");
        assertEquals(400, bad.statusCode());
        assertTrue(bad.asString().contains("status is not a run status"), bad.asString());
        assertEquals(400, console.get("/console/runs?cursor=garbage").statusCode());
    }

    @Test
    void hostileValuesAreShownAsText() {
        Tenant tenant = Tenants.create();
        Api.endpoint(tenant, "app");
        ObjectNode job = Fixtures.job("index-a", "user-signup");
        job.put("name", HOSTILE);
        Api.register(tenant, "app", job).statusCode(201);
        String run = queuedRun(tenant, Map.of("name", HOSTILE));
        String log = task(
                tenant,
                run,
                Map.of(
                        "idempotencyKey",
                        "log-1",
                        "noop",
                        true,
                        "name",
                        "log",
                        "icon",
                        "log",
                        "description",
                        HOSTILE,
                        "params",
                        Map.of("data", HOSTILE),
                        "style",
                        Map.of("style", "minimal", "variant", "info")));
        String parent = task(
                tenant,
                run,
                Map.of(
                        "idempotencyKey",
                        "parent",
                        "noop",
                        false,
                        "name",
                        HOSTILE,
                        "params",
                        Map.of(
                                "token",
                                Map.of(
                                        "__redactedString",
                                        true,
                                        "strings",
                                        List.of("Bearer ", ""),
                                        "interpolations",
                                        List.of("sk-secret-1"))),
                        "redact",
                        Map.of("paths", List.of("secret"))));
        String child = task(
                tenant, run, Map.of("idempotencyKey", "child", "noop", false, "name", "Child", "parentId", parent));
        Api.as(tenant)
                .body(Map.of("output", Map.of("secret", "sk-secret-2", "shown", HOSTILE)))
                .post("/api/v1/runs/{run}/tasks/{task}/complete", run, parent)
                .then()
                .statusCode(200);
        Api.as(tenant)
                .body(Map.of("error", Map.of("message", HOSTILE)))
                .post("/api/v1/runs/{run}/tasks/{task}/fail", run, child)
                .then()
                .statusCode(200);

        ConsoleClient console = ConsoleClient.signedIn(tenant.apiKey());
        for (String page : List.of(
                "/console/runs/" + run,
                "/console/runs?job=user-signup",
                "/console/jobs",
                "/console/jobs/user-signup",
                "/console/jobs/user-signup/test")) {
            String html = console.get(page).then().statusCode(200).extract().asString();
            assertFalse(html.contains("<script>alert"), page + " wrote a script element");
            assertFalse(html.contains("<img src=x"), page + " wrote an img element");
        }
        String html = console.get("/console/runs/" + run).asString();
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "shown as text");
        assertTrue(html.contains("Bearer ********"), "a redacted string is masked");
        assertTrue(html.contains("[REDACTED]"), "redact paths are masked");
        assertFalse(html.contains("sk-secret"), html);
        assertTrue(html.indexOf("data-task=\"" + parent) < html.indexOf("data-task=\"" + child), "tree order");
        assertTrue(html.contains("class=\"task depth-1\" data-task=\"" + child), "the subtask is nested");
        assertTrue(html.contains("class=\"log depth-0 info\" data-task=\"" + log), "the log line is inline");
    }

    @Test
    void theTestPageStartsARunAndTheJobCanBeBulkCancelled() {
        Tenant tenant = Tenants.create();
        String queued = queuedRun(tenant, Map.of());
        ConsoleClient console = ConsoleClient.signedIn(tenant.apiKey());
        String page = console.get("/console/jobs/user-signup/test").asString();
        assertTrue(page.contains("data-example=\"{\n  &quot;email&quot; : &quot;a@b.c&quot;\n}\""), page);
        String csrf = ConsoleClient.hidden(page, "csrf");
        Response started = console.request()
                .formParam("csrf", csrf)
                .formParam("version", "1.0.0")
                .formParam("payload", "{\"email\":\"t@b.c\"}")
                .post("/console/jobs/user-signup/test");
        assertEquals(303, started.statusCode());
        String run = runOf(started);
        console.get("/console/runs/" + run).then().statusCode(200).body(containsString("t@b.c"));
        Response invalid = console.request()
                .formParam("csrf", csrf)
                .formParam("payload", "{not json")
                .post("/console/jobs/user-signup/test");
        assertEquals(400, invalid.statusCode());

        Response rerun = console.post("/console/runs/" + run, "/console/runs/" + run + "/rerun");
        assertEquals(303, rerun.statusCode());
        String again = runOf(rerun);
        console.get("/console/runs/" + again).then().statusCode(200).body(containsString("t@b.c"));

        assertEquals(
                303,
                console.post("/console/jobs/user-signup", "/console/jobs/user-signup/cancel-runs")
                        .statusCode());
        for (String id : List.of(queued, run, again)) {
            assertEquals("CANCELED", status(tenant, id));
        }
    }

    private static String queuedRun(Tenant tenant, Map<String, Object> payload) {
        if (Api.as(tenant).get("/api/v1/jobs/user-signup").statusCode() == 404) {
            Api.endpoint(tenant, "app");
            Api.register(tenant, "app", Fixtures.job("index-a", "user-signup")).statusCode(201);
        }
        return Api.as(tenant)
                .body(Map.of("payload", payload))
                .post("/api/v1/jobs/user-signup/test")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    private static String task(Tenant tenant, String run, Map<String, Object> body) {
        return Api.as(tenant)
                .body(body)
                .post("/api/v1/runs/{id}/tasks", run)
                .then()
                .statusCode(200)
                .extract()
                .path("id");
    }

    private static String status(Tenant tenant, String run) {
        return Api.as(tenant).get("/api/v1/runs/{id}", run).then().extract().path("status");
    }

    private static String namedKey(Tenant tenant, String name, List<String> scopes) {
        return Tenants.admin()
                .body(Map.of("name", name, "scopes", scopes))
                .post("/api/admin/v1/environments/{id}/keys", tenant.environmentId())
                .then()
                .statusCode(201)
                .extract()
                .path("apiKey");
    }

    /** The run a redirect leads to. */
    private static String runOf(Response redirect) {
        return java.net.URI.create(redirect.header("Location")).getPath().substring("/console/runs/".length());
    }

    private static String sessionCookie(Response answer) {
        return answer.headers().getList("Set-Cookie").stream()
                .map(header -> header.getValue())
                .filter(value -> value.startsWith("kongflow_console="))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no session cookie"));
    }

    private static int count(String text, String part) {
        return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
    }
}
