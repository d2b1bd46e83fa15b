package io.kongflow.jobs.fetches;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.kongflow.jobs.support.Fixtures;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The retry rules answer as {@code @trigger.dev/core}'s calculateRetryAt and v2's status patterns. */
class RetryRulesTest {

    private static final Instant NOW = Instant.parse("2024-01-01T00:00:00Z");

    @Test
    void calculateRetryAtWithTheSdkDefaults() {
        JsonNode defaults = Fixtures.parse("{}");
        assertEquals(NOW.plusMillis(1000), RetryRules.retryAt(defaults, 0, NOW, 0));
        assertEquals(NOW.plusMillis(1000), RetryRules.retryAt(defaults, 1, NOW, 0));
        assertEquals(NOW.plusMillis(1800), RetryRules.retryAt(defaults, 2, NOW, 0));
        assertEquals(NOW.plusMillis(3240), RetryRules.retryAt(defaults, 3, NOW, 0));
        assertNull(RetryRules.retryAt(defaults, 4, NOW, 0), "limit 5: the fifth attempt is the last");
        assertEquals(NOW.plusMillis(1500), RetryRules.retryAt(defaults, 0, NOW, 0.5), "randomize: × (1 + random)");
    }

    @Test
    void calculateRetryAtWithOptions() {
        JsonNode options = Fixtures.parse(
                "{\"limit\":3,\"factor\":2,\"minTimeoutInMs\":100,\"maxTimeoutInMs\":150,\"randomize\":false}");
        assertEquals(NOW.plusMillis(100), RetryRules.retryAt(options, 1, NOW, 0.9));
        assertNull(RetryRules.retryAt(options, 2, NOW, 0));
        assertEquals(
                NOW.plusMillis(150),
                RetryRules.retryAt(
                        Fixtures.parse(
                                "{\"limit\":9,\"factor\":2,\"minTimeoutInMs\":100,\"maxTimeoutInMs\":150,\"randomize\":false}"),
                        3,
                        NOW,
                        0),
                "capped at maxTimeoutInMs");
        assertNull(RetryRules.retryAt(Fixtures.parse("{\"limit\":0}"), 0, NOW, 0));
    }

    @Test
    void statusPatternsAsV2ReadThem() {
        assertTrue(RetryRules.inRange(503, "all"));
        assertTrue(RetryRules.inRange(503, "5xx"));
        assertFalse(RetryRules.inRange(403, "5xx"));
        assertTrue(RetryRules.inRange(429, "42x"));
        assertTrue(RetryRules.inRange(502, "500-599"));
        assertFalse(RetryRules.inRange(600, "500-599"));
        assertTrue(RetryRules.inRange(403, "401, 403,404"));
        assertFalse(RetryRules.inRange(402, "401,403"));
        assertTrue(RetryRules.inRange(429, "429"));
        assertFalse(RetryRules.inRange(429, "abc"));
    }

    @Test
    void theFirstFittingStrategyWinsAndABodyFilterMustMatch() {
        JsonNode retry =
                Fixtures.parse("{\"429\":{\"strategy\":\"headers\",\"limitHeader\":\"l\",\"remainingHeader\":\"r\","
                        + "\"resetHeader\":\"x-reset\"},\"5xx\":{\"strategy\":\"backoff\",\"bodyFilter\":{\"code\":[\"busy\"]}},"
                        + "\"all\":{\"strategy\":\"backoff\",\"limit\":2}}");
        assertEquals(
                "headers",
                RetryRules.strategyFor(retry, 429, null).path("strategy").asText());
        assertEquals(
                JsonNode.class.cast(Fixtures.parse("{\"strategy\":\"backoff\",\"bodyFilter\":{\"code\":[\"busy\"]}}")),
                RetryRules.strategyFor(retry, 503, Fixtures.parse("{\"code\":\"busy\"}")));
        assertEquals(
                2,
                RetryRules.strategyFor(retry, 503, Fixtures.parse("{\"code\":\"other\"}"))
                        .path("limit")
                        .asInt());
        assertEquals(
                2, RetryRules.strategyFor(retry, 503, null).path("limit").asInt(), "no body: the filter is skipped");
        assertNull(RetryRules.strategyFor(Fixtures.parse("{\"5xx\":{\"strategy\":\"backoff\"}}"), 404, null));
    }

    @Test
    void resetHeadersInEachFormat() {
        assertEquals(Instant.ofEpochSecond(1704067260), RetryRules.resetAt("1704067260", "unix_timestamp", NOW));
        assertEquals(
                Instant.ofEpochMilli(1704067260123L), RetryRules.resetAt("1704067260123", "unix_timestamp_in_ms", NOW));
        assertEquals(
                Instant.parse("2024-01-01T00:01:00Z"), RetryRules.resetAt("2024-01-01T00:01:00Z", "iso_8601", NOW));
        assertEquals(
                NOW.plusSeconds(61).plusMillis(500),
                RetryRules.resetAt("1m1.5s", "iso_8601_duration_openai_variant", NOW));
        assertEquals(NOW.plusMillis(20), RetryRules.resetAt("20ms", "iso_8601_duration_openai_variant", NOW));
        assertNull(RetryRules.resetAt("soon", "unix_timestamp", NOW));
        assertNull(RetryRules.resetAt(null, "unix_timestamp", NOW));
    }
}
