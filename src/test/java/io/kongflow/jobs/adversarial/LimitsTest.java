package io.kongflow.jobs.adversarial;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kongflow.jobs.support.Api;
import io.kongflow.jobs.support.Database;
import io.kongflow.jobs.support.Fixtures;
import io.kongflow.jobs.support.OpenApiOperations;
import io.kongflow.jobs.support.OpenApiOperations.Operation;
import io.kongflow.jobs.support.PathValues;
import io.kongflow.jobs.support.PopulatedTenant;
import io.kongflow.jobs.support.Tenants.Tenant;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The limits of README "Limits": request bodies (with and without a length), list parameters (every
 * malformed or out-of-range query parameter of the OpenAPI document is a 400 naming it) and cursors.
 */
@QuarkusTest
@Tag("limits")
class LimitsTest {

    private static final int MAX_BODY = 1024 * 1024;

    final Database database = Database.shared();

    @TestHTTPResource("/")
    URL base;

    private PopulatedTenant owner;

    @BeforeEach
    void populate() {
        owner = PopulatedTenant.create();
    }

    @Test
    void aBodyOverOneMebibyteIsA413ProblemWithOrWithoutContentLength() throws Exception {
        Map<String, String> before = database.snapshot();
        String oversized = "{\"id\":\"big\",\"url\":\"http://localhost/" + "x".repeat(MAX_BODY) + "\"}";

        Api.as(owner.tenant)
                .body(oversized)
                .post("/api/v1/endpoints")
                .then()
                .statusCode(413)
                .contentType("application/problem+json")
                .body("status", equalTo(413));
        HttpResponse<String> chunked = sendChunked("/api/v1/endpoints", oversized);
        assertEquals(413, chunked.statusCode(), chunked.body());
        assertTrue(chunked.headers().firstValue("content-type").orElse("").startsWith("application/problem+json"));
        JsonObject problem = new JsonObject(chunked.body());
        assertEquals(413, problem.getInteger("status"));
        assertTrue(problem.getString("detail").contains(Integer.toString(MAX_BODY)), problem.encode());

        assertEquals(before, database.snapshot(), "nothing written");
    }

    /** An endless chunked body is refused and its connection closed, not drained forever. */
    @Test
    void anEndlessChunkedBodyIsCutOff() throws Exception {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/queues HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + owner.tenant.bearer()
                            + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = ("10000\r\n" + "x".repeat(0x10000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            long start = System.nanoTime();
            long sent = 0;
            try {
                while (sent < 4L * 1024 * 1024 * 1024) {
                    out.write(chunk);
                    sent += chunk.length;
                }
                throw new AssertionError("4 GiB of body were accepted");
            } catch (SocketException closed) {
                long elapsed = (System.nanoTime() - start) / 1_000_000;
                assertTrue(elapsed < 8_000, "cut off after " + elapsed + " ms and " + sent + " bytes");
            }
            String answer = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            assertEquals("HTTP/1.1 413", answer);
        }
    }

    @Test
    void aChunkedBodyUnderTheLimitIsReadWhole() throws Exception {
        String job = Fixtures.job("index-a", "poller")
                .put("version", "2.1.0")
                .put("padding", "p".repeat(MAX_BODY - 10_000))
                .toString();
        assertTrue(job.length() > 64 * 1024 && job.length() < MAX_BODY);

        HttpResponse<String> created = sendChunked("/api/v1/endpoints/" + PopulatedTenant.ENDPOINT + "/jobs", job);

        assertEquals(201, created.statusCode(), created.body());
        Api.as(owner.tenant).get("/api/v1/jobs/poller/versions/2.1.0").then().statusCode(200);
    }

    /**
     * The known bug: {@code ?take=abc} answered 404 (and {@code ?includeDisabled=abc} read as false); every
     * malformed query parameter is a 400 naming it. An empty value ({@code ?limit=}) means the default.
     */
    @Test
    void everyMalformedOrOutOfRangeQueryParameterIsA400NamingIt() {
        PathValues paths = owner.paths();
        int checked = 0;
        for (QueryParameter parameter : typedQueryParameters()) {
            String path = paths.expand(parameter.operation().path());
            List<String> bad =
                    new ArrayList<>(List.of("abc", "1.5", " ", "1e2", "0x10", "99999999999999999999", "%00", "１"));
            if (parameter.minimum() != null) {
                bad.add(Long.toString(parameter.minimum() - 1));
            }
            if (parameter.maximum() != null) {
                bad.add(Long.toString(parameter.maximum() + 1));
            }
            if (parameter.type().equals("boolean")) {
                bad = List.of("abc", "yes", "1", " ", "truee");
            }
            for (String value : bad) {
                String url = path + "?" + parameter.name() + "=" + encode(value);
                var answer = given().header("Authorization", owner.tenant.bearer())
                        .urlEncodingEnabled(false)
                        .get(url);
                assertEquals(400, answer.statusCode(), url + " → " + answer.asString());
                assertEquals(
                        parameter.name(),
                        answer.then()
                                .contentType("application/problem+json")
                                .extract()
                                .path("errors[0].path"),
                        url);
                checked++;
            }
            for (Long good : new Long[] {parameter.minimum(), parameter.maximum()}) {
                if (good != null) {
                    Api.as(owner.tenant)
                            .queryParam(parameter.name(), good)
                            .get(path)
                            .then()
                            .statusCode(200);
                }
            }
        }
        assertTrue(checked >= 25, "malformed query parameters checked: " + checked);
        Api.as(owner.tenant)
                .queryParam("includeDisabled", "TRUE")
                .get("/api/v1/jobs")
                .then()
                .statusCode(200);
    }

    @Test
    void aCursorThisServiceDidNotMakeIsA400OnEveryList() {
        List<Operation> lists = OpenApiOperations.all().stream()
                .filter(operation -> operation.method().equals("GET") && hasQueryParameter(operation, "cursor"))
                .toList();
        assertTrue(lists.size() >= 3, "lists with a cursor: " + lists);
        String notANumber =
                Base64.getUrlEncoder().withoutPadding().encodeToString("not a number".getBytes(StandardCharsets.UTF_8));
        for (Operation list : lists) {
            String path = owner.paths().expand(list.path());
            for (String garbage : List.of("!!!", "AA", "%00", "a b", "x".repeat(3_000) + "!")) {
                given().header("Authorization", owner.tenant.bearer())
                        .urlEncodingEnabled(false)
                        .get(path + "?cursor=" + encode(garbage))
                        .then()
                        .statusCode(400)
                        .contentType("application/problem+json")
                        .body("errors[0].path", equalTo("cursor"));
            }
            // Well-formed, but no key of this list: an empty page or a 400, never a failure.
            int status = Api.as(owner.tenant)
                    .queryParam("cursor", notANumber)
                    .get(path)
                    .then()
                    .extract()
                    .statusCode();
            assertTrue(status == 200 || status == 400, list + " with a foreign cursor: " + status);
        }
    }

    /**
     * Deep pages cost what the first one does: every list is keyset-paginated (the cursor is the sort
     * key of the last row, never an offset), and an index serves each keyset predicate and order.
     */
    @Test
    void listsArePaginatedOnIndexesWhateverTheDepth() {
        Tenant tenant = owner.tenant;
        StringBuilder jobs = new StringBuilder();
        for (int i = 0; i < 150; i++) {
            jobs.append(i == 0 ? "" : ",").append(Fixtures.signup(String.format("deep-%03d", i), "1.0.0"));
        }
        Api.sync(
                        tenant,
                        PopulatedTenant.ENDPOINT,
                        Fixtures.parse("{\"a\":[" + jobs + "]}").get("a"))
                .statusCode(200);
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            var request = Api.as(tenant).queryParam("limit", 7).queryParam("q", "deep-");
            JsonPath page = (cursor == null ? request : request.queryParam("cursor", cursor))
                    .get("/api/v1/jobs")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            seen.addAll(page.getList("data.slug"));
            cursor = page.getString("nextCursor");
        } while (cursor != null);
        assertEquals(150, seen.size());
        assertEquals(seen.stream().sorted().distinct().toList(), seen, "each job once, in order");

        String project = database.query(
                        "SELECT project_id::text FROM runtime_environments WHERE id = $1::uuid", tenant.environmentId())
                .get(0)
                .getString(0);
        assertIndexed(
                "SELECT id FROM jobs WHERE project_id = '" + project + "' AND slug > 'deep-100' ORDER BY slug LIMIT 8");
        assertIndexed("SELECT id FROM job_runs WHERE job_id = '" + owner.jobId + "' AND environment_id = '"
                + tenant.environmentId() + "' AND number < 1000 ORDER BY number DESC LIMIT 21");
    }

    private void assertIndexed(String keysetQuery) {
        String plan = database.planWithoutSequentialScans(keysetQuery);
        assertTrue(plan.contains("Index") && !plan.contains("Sort"), "not served by an index in order:\n" + plan);
    }

    private HttpResponse<String> sendChunked(String path, String body) throws Exception {
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(base.toString()).resolve(path))
                .header("Authorization", owner.tenant.bearer())
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofInputStream(
                        () -> new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8))))
                .build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** A query parameter of the document with a type the server converts (integer, boolean). */
    record QueryParameter(Operation operation, String name, String type, Long minimum, Long maximum) {}

    private static List<QueryParameter> typedQueryParameters() {
        JsonPath document = given().get("/q/openapi?format=json")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        List<QueryParameter> parameters = new ArrayList<>();
        for (Operation operation : OpenApiOperations.all()) {
            List<Map<String, Object>> declared = document.getList(
                    "paths.'" + operation.path() + "'." + operation.method().toLowerCase() + ".parameters");
            for (Map<String, Object> parameter : declared == null ? List.<Map<String, Object>>of() : declared) {
                @SuppressWarnings("unchecked")
                Map<String, Object> schema = (Map<String, Object>) parameter.get("schema");
                Object type = schema == null ? null : schema.get("type");
                if ("query".equals(parameter.get("in")) && ("integer".equals(type) || "boolean".equals(type))) {
                    parameters.add(new QueryParameter(
                            operation,
                            (String) parameter.get("name"),
                            (String) type,
                            number(schema.get("minimum")),
                            number(schema.get("maximum"))));
                }
            }
        }
        assertFalse(parameters.isEmpty());
        assertTrue(
                parameters.stream()
                        .map(QueryParameter::name)
                        .collect(Collectors.toSet())
                        .containsAll(List.of("limit", "take", "includeInternal", "includeDisabled")),
                parameters.toString());
        return parameters;
    }

    private static boolean hasQueryParameter(Operation operation, String name) {
        JsonPath document =
                given().get("/q/openapi?format=json").then().extract().jsonPath();
        List<String> names = document.getList("paths.'" + operation.path() + "'."
                + operation.method().toLowerCase() + ".parameters.findAll { it.in == 'query' }.name");
        return names != null && names.contains(name);
    }

    private static Long number(Object value) {
        return value == null ? null : ((Number) value).longValue();
    }

    private static String encode(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
