package io.kongflow.jobs.adversarial;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import com.fasterxml.jackson.databind.JsonNode;
import io.kongflow.jobs.adversarial.BadRequests.BadRequest;
import io.kongflow.jobs.support.Database;
import io.kongflow.jobs.support.Fixtures;
import io.kongflow.jobs.support.OpenApiOperations;
import io.kongflow.jobs.support.OpenApiOperations.Operation;
import io.kongflow.jobs.support.PopulatedTenant;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
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
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * Bad input, generated (issue #8): every write operation of the service's own OpenAPI document
 * (POST, PUT, PATCH, DELETE of {@code /api/v1/**} and {@code /api/admin/v1/**}) receives bodies wrong
 * in every way ({@link BadRequests}, {@link BadJobMetadata}: the real SDK fixtures mutated). Property:
 * the answer is a 4xx {@code application/problem+json}, never a 5xx, and the database is unchanged
 * (every table's row count and checksum, compared around each batch of cases).
 *
 * <p>A QuickTheories property over batches of {@value #BATCH} cases (one snapshot pair per batch,
 * not per case, keeps a run near 30 s). QuickTheories is a plain library, so the property runs inside
 * this {@code @QuarkusTest} method, with the application started and injection done. The seed is
 * printed; {@code -Dfuzz.seed=<seed>} replays a run ({@code -Dfuzz.cases=<n>}, default 1 000, sets
 * its size). A failing batch is shrunk for at most {@code -Dfuzz.shrinks} (default 10) cycles, each
 * sending a whole batch again; the report lists the smallest failing batch and why it failed.
 */
@QuarkusTest
@Tag("fuzz")
class BadInputFuzzTest {

    private static final int CASES = Integer.getInteger("fuzz.cases", 1_000);
    private static final int SHRINK_CYCLES = Integer.getInteger("fuzz.shrinks", 10);
    private static final int BATCH = 25;

    final Database database = Database.shared();

    @TestHTTPResource("/")
    URL base;

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final Set<String> covered = new TreeSet<>();
    private int sent;

    @Test
    void everyBadBodyOnEveryWriteOperationIsA4xxProblemAndWritesNothing() {
        long seed = Long.getLong("fuzz.seed", new Random().nextLong());
        System.out.println(
                "BadInputFuzzTest: seed " + seed + ", " + CASES + " cases (replay: -Dfuzz.seed=" + seed + ")");
        PopulatedTenant target = PopulatedTenant.create();
        List<Operation> writes = OpenApiOperations.writes();
        assertTrue(writes.size() >= 15, "write operations: " + writes);
        JsonNode openApi = Fixtures.parse(given().get("/q/openapi?format=json")
                .then()
                .statusCode(200)
                .extract()
                .asString());
        Gen<List<BadRequest>> batches = batchesOf(new BadRequests(target, openApi).to(writes));

        qt().withFixedSeed(seed)
                // QuickTheories skips an example whose choices repeat an earlier one's, as its first two
                // (every choice at its shrink target, then at its minimum) may: one batch more than needed.
                .withExamples((CASES + BATCH - 1) / BATCH + 1)
                .withGenerateAttempts(10_000) // per example: a batch draws many filtered values
                .withShrinkCycles(SHRINK_CYCLES)
                .forAll(batches)
                .checkAssert(batch -> assertRejectedWithoutWrites(batch, seed));

        System.out.println("BadInputFuzzTest: sent " + sent + " cases to " + covered.size() + " operations");
        assertTrue(sent >= CASES, "sent " + sent + " of " + CASES + " cases");
        Set<String> missed = writes.stream()
                .map(Operation::operationId)
                .filter(id -> !covered.contains(id))
                .collect(Collectors.toCollection(TreeSet::new));
        assertTrue(missed.isEmpty(), "write operations never fuzzed: " + missed);
    }

    private static Gen<List<BadRequest>> batchesOf(Gen<BadRequest> cases) {
        Gen<List<BadRequest>> batches =
                in -> Stream.generate(() -> cases.generate(in)).limit(BATCH).toList();
        return batches.describedAs(
                batch -> batch.stream().map(BadRequest::toString).collect(Collectors.joining("\n  ", "\n  ", "")));
    }

    private void assertRejectedWithoutWrites(List<BadRequest> batch, long seed) {
        List<String> outcomes = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        Map<String, String> before = database.snapshot();
        for (BadRequest request : batch) {
            covered.add(request.operation().operationId());
            String answer = send(request);
            sent++;
            outcomes.add(request + " → " + answer);
            if (!answer.startsWith("4") || !answer.contains("application/problem+json")) {
                failures.add(request + " → " + answer);
            }
        }
        Map<String, String> after = database.snapshot();
        if (!before.equals(after)) {
            failures.add("the batch changed " + TenantIsolationMatrixTest.changedTables(before, after) + ":\n  "
                    + String.join("\n  ", outcomes));
        }
        assertTrue(
                failures.isEmpty(),
                failures.size() + " failures (replay: -Dfuzz.seed=" + seed + "):\n" + String.join("\n", failures));
    }

    /** "status content-type: body" of the answer. */
    private String send(BadRequest request) {
        HttpRequest.BodyPublisher body = request.body() == null
                ? HttpRequest.BodyPublishers.noBody()
                : request.chunked()
                        ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(request.body()))
                        : HttpRequest.BodyPublishers.ofByteArray(request.body());
        HttpRequest.Builder builder = HttpRequest.newBuilder(
                        URI.create(base.toString()).resolve(request.path()))
                .timeout(Duration.ofSeconds(30))
                .method(request.operation().method(), body);
        request.headers().forEach(builder::header);
        if (request.contentType() != null) {
            builder.header("Content-Type", request.contentType());
        }
        try {
            HttpResponse<String> response = client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            String text = response.body();
            return response.statusCode() + " "
                    + response.headers().firstValue("content-type").orElse("(no content type)") + ": "
                    + (text.length() <= 300 ? text : text.substring(0, 300) + "…");
        } catch (IOException e) {
            return "no answer: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending " + request, e);
        }
    }
}
