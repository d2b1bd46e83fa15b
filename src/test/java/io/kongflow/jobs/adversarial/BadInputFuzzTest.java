package io.kongflow.jobs.adversarial;

import com.fasterxml.jackson.databind.JsonNode;
import io.kongflow.jobs.adversarial.BadRequests.BadRequest;
import io.kongflow.jobs.support.Database;
import io.kongflow.jobs.support.Fixtures;
import io.kongflow.jobs.support.OpenApiOperations;
import io.kongflow.jobs.support.OpenApiOperations.Operation;
import io.kongflow.jobs.support.PopulatedTenant;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import net.jqwik.api.RandomGenerator;
import net.jqwik.api.sessions.JqwikSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad input, generated (issue #8): every write operation of the service's own OpenAPI document
 * (POST, PUT, PATCH, DELETE of {@code /api/v1/**} and {@code /api/admin/v1/**}) receives bodies wrong
 * in every way ({@link BadRequests}, {@link BadJobMetadata}: the real SDK fixtures mutated). Property:
 * the answer is a 4xx {@code application/problem+json}, never a 5xx, and the database is unchanged
 * (every table's row count and checksum, compared around each batch of cases).
 *
 * <p>Why a {@code @QuarkusTest} that drives jqwik's generators rather than a jqwik {@code @Property}:
 * jqwik runs properties in its own JUnit platform engine, outside Quarkus's JUnit extension, so a
 * property method would see no started application and no injection. The cases are therefore drawn
 * from jqwik arbitraries inside a {@code JqwikSession} (jqwik's API for using arbitraries outside its
 * lifecycle; without one, generators fail with "must be run on a jqwik thread"), with
 * {@code Arbitrary.generator(genSize, withEdgeCases).next(random)} over a {@code java.util.Random}
 * seeded once: the same seed gives the same cases. The seed is printed, and
 * {@code -Dfuzz.seed=<seed>} replays a run ({@code -Dfuzz.cases=<n>}, default
 * 1 000, sets its size). jqwik's shrinking is not available this way, so every failing case is
 * reported whole. A run takes about 30 s.
 */
@QuarkusTest
@Tag("fuzz")
class BadInputFuzzTest {

    private static final int CASES = Integer.getInteger("fuzz.cases", 1_000);
    private static final int BATCH = 25;
    private static final int GEN_SIZE = 1_000;

    @Inject
    Database database;

    @TestHTTPResource("/")
    URL base;

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void everyBadBodyOnEveryWriteOperationIsA4xxProblemAndWritesNothing() throws Exception {
        long seed = Long.getLong("fuzz.seed", new Random().nextLong());
        System.out.println("BadInputFuzzTest: seed " + seed + ", " + CASES + " cases (replay: -Dfuzz.seed=" + seed + ")");
        PopulatedTenant target = PopulatedTenant.create();
        List<Operation> writes = OpenApiOperations.writes();
        assertTrue(writes.size() >= 15, "write operations: " + writes);
        JsonNode openApi = Fixtures.parse(given().get("/q/openapi?format=json").then().statusCode(200).extract().asString());
        JqwikSession.start(Long.toString(seed));
        try {
            fuzz(seed, writes, new BadRequests(target, openApi).to(writes).generator(GEN_SIZE, true));
        } finally {
            JqwikSession.finish();
        }
    }

    private void fuzz(long seed, List<Operation> writes, RandomGenerator<BadRequest> cases) throws InterruptedException {
        Random random = new Random(seed);

        List<String> failures = new ArrayList<>();
        Set<String> covered = new TreeSet<>();
        for (int sent = 0; sent < CASES; ) {
            List<String> batch = new ArrayList<>();
            Map<String, String> before = database.snapshot();
            for (int i = 0; i < BATCH && sent < CASES; i++, sent++) {
                BadRequest request = cases.next(random).value();
                covered.add(request.operation().operationId());
                String outcome = send(request);
                batch.add("#" + sent + " " + request + " → " + outcome);
                if (!outcome.startsWith("4") || !outcome.contains("application/problem+json")) {
                    failures.add("#" + sent + " " + request + " → " + outcome);
                }
            }
            Map<String, String> after = database.snapshot();
            if (!before.equals(after)) {
                failures.add("the batch changed " + TenantIsolationMatrixTest.changedTables(before, after) + ":\n  "
                        + String.join("\n  ", batch));
            }
            if (failures.size() > 20) {
                break;
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " failures with seed " + seed + " (replay: -Dfuzz.seed="
                + seed + "):\n" + String.join("\n", failures));
        Set<String> missed = writes.stream().map(Operation::operationId).filter(id -> !covered.contains(id))
                .collect(Collectors.toCollection(TreeSet::new));
        assertTrue(missed.isEmpty(), "write operations never fuzzed: " + missed);
    }

    /** "status content-type: body" of the answer. */
    private String send(BadRequest request) throws InterruptedException {
        HttpRequest.BodyPublisher body = request.body() == null ? HttpRequest.BodyPublishers.noBody()
                : request.chunked() ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(request.body()))
                : HttpRequest.BodyPublishers.ofByteArray(request.body());
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base.toString()).resolve(request.path()))
                .timeout(Duration.ofSeconds(30)).method(request.operation().method(), body);
        request.headers().forEach(builder::header);
        if (request.contentType() != null) {
            builder.header("Content-Type", request.contentType());
        }
        try {
            HttpResponse<String> response = client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            String text = response.body();
            return response.statusCode() + " " + response.headers().firstValue("content-type").orElse("(no content type)")
                    + ": " + (text.length() <= 300 ? text : text.substring(0, 300) + "…");
        } catch (IOException e) {
            return "no answer: " + e;
        }
    }
}
