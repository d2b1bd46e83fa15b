package io.kongflow.jobs.adversarial;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kongflow.jobs.support.Api;
import io.kongflow.jobs.support.Database;
import io.kongflow.jobs.support.PopulatedTenant;
import io.kongflow.jobs.support.Tenants;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Regression tests for what the fuzzers found: bodies Jackson used to "repair" (trailing garbage,
 * numbers in strings, strings in numbers, truncated fractions, enum ordinals), too deep a nesting
 * answered with no explanation, an empty idempotency key read as none, and the 30-minute idle
 * timeout a slow client could hold.
 */
@QuarkusTest
@Tag("limits")
class StrictInputTest {

    final Database database = Database.shared();

    private PopulatedTenant owner;
    private Map<String, String> before;

    @BeforeEach
    void populate() {
        owner = PopulatedTenant.create();
        before = database.snapshot();
    }

    @Test
    void aBodyIsOneJsonValueAndNothingAfterIt() {
        for (String body :
                new String[] {"{} trailing", "{\"version\":\"1.0.0\"}]", "{}{}", "{\"version\":\"1.0.0\"} 1"}) {
            Api.as(owner.tenant)
                    .body(body)
                    .post("/api/v1/jobs/{slug}/test", PopulatedTenant.JOB)
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json");
        }
        assertEquals(before, database.snapshot());
    }

    @Test
    void bytesThatAreNoTextAtAllAreABadBody() {
        // Three zero bytes first make Jackson read UTF-32; 0xFFFFFFFF is no UTF-32 character (found by the fuzzer).
        byte[] body = {0, 0, 0, '{', (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF};
        for (String path : new String[] {"/api/v1/jobs/{slug}/invoke", "/api/v1/jobs/{slug}/test"}) {
            Api.as(owner.tenant)
                    .body(body)
                    .post(path, PopulatedTenant.JOB)
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json");
        }
        assertEquals(before, database.snapshot());
    }

    @Test
    void valuesOfTheWrongJsonTypeAreRefusedNotConverted() {
        String[] queues = {
            "{\"name\":\"q\",\"maxJobs\":\"5\"}",
            "{\"name\":\"q\",\"maxJobs\":5.7}",
            "{\"name\":\"q\",\"maxJobs\":1e1}",
            "{\"name\":5,\"maxJobs\":5}",
            "{\"name\":true,\"maxJobs\":5}"
        };
        for (String queue : queues) {
            Api.as(owner.tenant)
                    .body(queue)
                    .post("/api/v1/queues")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors.size()", equalTo(1));
        }
        Api.as(owner.tenant)
                .body("{\"accountId\":5}")
                .post("/api/v1/jobs/{slug}/test", PopulatedTenant.JOB)
                .then()
                .statusCode(400)
                .body("errors[0].path", equalTo("accountId"));
        Api.as(owner.tenant)
                .body("{\"maxJobs\":\"7\"}")
                .patch("/api/v1/queues/{id}", owner.queueId)
                .then()
                .statusCode(400)
                .body("errors[0].path", equalTo("maxJobs"));
        Tenants.admin()
                .body("{\"slug\":\"stg\",\"type\":1}")
                .post("/api/admin/v1/projects/{slug}/environments", owner.tenant.projectSlug())
                .then()
                .statusCode(400)
                .body("errors[0].path", equalTo("type"));
        // A number is no date-time: java.time's reader took it for seconds since 1970 (the fuzzer's
        // 2147483647 made a key valid until 2038).
        for (String expiresAt : new String[] {"true", "2147483647", "1.7e9", "[2030,1,1]", "{}"}) {
            Tenants.admin()
                    .body("{\"name\":\"k\",\"scopes\":[\"read\"],\"expiresAt\":" + expiresAt + "}")
                    .post("/api/admin/v1/environments/{id}/keys", owner.tenant.environmentId())
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors[0].path", equalTo("expiresAt"));
        }
        assertEquals(before, database.snapshot());
        Tenants.admin()
                .body("{\"name\":\"dated\",\"scopes\":[\"read\"],\"expiresAt\":\"2030-01-01T00:00:00Z\"}")
                .post("/api/admin/v1/environments/{id}/keys", owner.tenant.environmentId())
                .then()
                .statusCode(201)
                .body("expiresAt", equalTo("2030-01-01T00:00:00Z"));
    }

    /** An empty key was read as none, so every retry of a client with a broken key started another run. */
    @Test
    void anEmptyIdempotencyKeyIsRefused() {
        Api.as(owner.tenant)
                .header("idempotency-key", "")
                .body("{}")
                .post("/api/v1/jobs/{slug}/invoke", PopulatedTenant.JOB)
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].path", equalTo("idempotency-key"));
        assertEquals(before, database.snapshot());
        Api.as(owner.tenant)
                .body("{}")
                .post("/api/v1/jobs/{slug}/invoke", PopulatedTenant.JOB)
                .then()
                .statusCode(200);
    }

    /** Was a bare "HTTP 400 Bad Request" with no {@code errors}. */
    @Test
    void tooDeepANestingIsExplained() {
        String deep = "{\"payload\":" + "[".repeat(5_000) + "]".repeat(5_000) + "}";
        Api.as(owner.tenant)
                .body(deep)
                .post("/api/v1/jobs/{slug}/test", PopulatedTenant.JOB)
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].path", equalTo("payload"))
                .body("errors[0].message", equalTo("is nested deeper than 1000 levels or has too long a value"));
        Api.as(owner.tenant)
                .body(deep.substring("{\"payload\":".length(), deep.length() - 1))
                .post("/api/v1/endpoints/{slug}/jobs", PopulatedTenant.ENDPOINT)
                .then()
                .statusCode(400)
                .body("errors[0].message", equalTo("is nested deeper than 1000 levels or has too long a value"));
        assertEquals(before, database.snapshot());
    }

    @Test
    void anIdleConnectionIsClosedWithinAMinute() {
        Duration idle = ConfigProvider.getConfig().getValue("quarkus.http.idle-timeout", Duration.class);
        assertTrue(
                idle.compareTo(Duration.ofSeconds(60)) <= 0 && idle.compareTo(Duration.ofSeconds(35)) > 0,
                "idle timeout " + idle + ": above the slowest request (35 s), at most a minute (slowloris)");
    }
}
