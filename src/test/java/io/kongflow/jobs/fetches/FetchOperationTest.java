package io.kongflow.jobs.fetches;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kongflow.jobs.client.FetchResponse;
import io.kongflow.jobs.support.Fixtures;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A fetch task's params are read as the SDK's schemas read them; a poll's response filter decides as documented. */
class FetchOperationTest {

    @Test
    void aFetchWithRedactedHeadersAndDefaults() {
        FetchOperation fetch = FetchOperation.parse(
                "fetch",
                Fixtures.parse("{\"url\":\"https://x.test/a\",\"requestInit\":{\"method\":\"post\",\"body\":\"b\","
                        + "\"headers\":{\"Authorization\":{\"__redactedString\":true,\"strings\":[\"Bearer \",\"\"],"
                        + "\"interpolations\":[\"t0k\"]},\"x-plain\":\"p\"}}}"));
        assertEquals("POST", fetch.method());
        assertEquals(Map.of("Authorization", "Bearer t0k", "x-plain", "p"), fetch.headers());
        assertEquals("b", fetch.body());
        assertEquals(
                "GET",
                FetchOperation.parse("fetch-response", Fixtures.parse("{\"url\":\"u\"}"))
                        .method());
        assertEquals(
                "PATCH",
                FetchOperation.parse("fetch", Fixtures.parse("{\"url\":\"u\",\"requestInit\":{\"method\":\"PATCH\"}}"))
                        .method());
    }

    @Test
    void aPollsDefaultsAndBounds() {
        FetchOperation poll =
                FetchOperation.parse("fetch-poll", Fixtures.parse("{\"url\":\"u\",\"responseFilter\":{}}"));
        assertEquals(10, poll.interval());
        assertEquals(600, poll.pollTimeout());
        assertEquals(
                "Invalid fetch poll params: interval: Number must be between 10 and 600",
                invalid("fetch-poll", "{\"url\":\"u\",\"interval\":5,\"responseFilter\":{}}"));
        assertEquals(
                "Invalid fetch poll params: responseFilter: Required object", invalid("fetch-poll", "{\"url\":\"u\"}"));
        assertEquals(
                "Invalid fetch poll params: responseFilter.body: Invalid event filter",
                invalid("fetch-poll", "{\"url\":\"u\",\"responseFilter\":{\"body\":{\"s\":\"literal\"}}}"));
    }

    @Test
    void refusedParamsNameTheField() {
        assertEquals("Invalid fetch operation: url: Required", invalid("fetch", "{}"));
        assertEquals("Invalid fetch operation: url: Expected string, received number", invalid("fetch", "{\"url\":1}"));
        assertEquals(
                "Invalid fetch operation: requestInit.method: 'G ET' is not a valid HTTP method",
                invalid("fetch", "{\"url\":\"u\",\"requestInit\":{\"method\":\"G ET\"}}"));
        assertEquals(
                "Invalid fetch operation: retry.5xx.strategy: Invalid discriminator value. Expected 'headers' | 'backoff'",
                invalid("fetch", "{\"url\":\"u\",\"retry\":{\"5xx\":{\"strategy\":\"later\"}}}"));
        assertEquals(
                "Invalid fetch operation: timeout.durationInMs: Required number",
                invalid("fetch", "{\"url\":\"u\",\"timeout\":{}}"));
        assertEquals(
                "Invalid fetch operation: requestInit.headers.a: Expected string or redacted string",
                invalid("fetch", "{\"url\":\"u\",\"requestInit\":{\"headers\":{\"a\":1}}}"));
    }

    @Test
    void theRetryAndTimeoutSchemasNameTheOffendingField() {
        String headers = "{\"strategy\":\"headers\",\"limitHeader\":\"x-l\",\"remainingHeader\":\"x-r\","
                + "\"resetHeader\":\"x-t\"";
        assertEquals(
                "iso_8601",
                FetchOperation.parse(
                                "fetch",
                                Fixtures.parse("{\"url\":\"u\",\"retry\":{\"429\":" + headers
                                        + ",\"resetFormat\":\"iso_8601\"}}}"))
                        .retry()
                        .path("429")
                        .path("resetFormat")
                        .asText());
        assertEquals(
                "Invalid fetch operation: retry.429.resetFormat: Invalid enum value 'weekly'",
                invalid("fetch", "{\"url\":\"u\",\"retry\":{\"429\":" + headers + ",\"resetFormat\":\"weekly\"}}}"));
        assertEquals(
                "Invalid fetch operation: retry.5xx: Expected object",
                invalid("fetch", "{\"url\":\"u\",\"retry\":{\"5xx\":1}}"));
        assertEquals(
                "Invalid fetch operation: retry.5xx.bodyFilter: Expected object",
                invalid("fetch", "{\"url\":\"u\",\"retry\":{\"5xx\":{\"strategy\":\"backoff\",\"bodyFilter\":3}}}"));
        assertEquals(
                "Invalid fetch operation: retry.5xx.limit: Expected number, received string",
                invalid("fetch", "{\"url\":\"u\",\"retry\":{\"5xx\":{\"strategy\":\"backoff\",\"limit\":\"3\"}}}"));
        assertEquals(
                "Invalid fetch operation: retry.5xx.randomize: Expected boolean, received string",
                invalid(
                        "fetch",
                        "{\"url\":\"u\",\"retry\":{\"5xx\":{\"strategy\":\"backoff\",\"randomize\":\"yes\"}}}"));
        assertEquals(
                "Invalid fetch operation: timeout.retry.limit: Expected number, received string",
                invalid("fetch", "{\"url\":\"u\",\"timeout\":{\"durationInMs\":100,\"retry\":{\"limit\":\"x\"}}}"));
        assertEquals(
                "Invalid fetch operation: requestInit: Expected object, received string",
                invalid("fetch", "{\"url\":\"u\",\"requestInit\":\"x\"}"));
        assertEquals(
                "Invalid fetch operation: Expected object, received array",
                assertThrows(
                                FetchOperation.Invalid.class,
                                () -> FetchOperation.parse(
                                        "fetch",
                                        com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode()))
                        .getMessage());
    }

    @Test
    void aPollsNumbersAndStatusFilterAreChecked() {
        assertEquals(
                "Invalid fetch poll params: interval: Expected integer, received number",
                invalid("fetch-poll", "{\"url\":\"u\",\"interval\":10.5,\"responseFilter\":{}}"));
        assertEquals(
                "Invalid fetch poll params: responseFilter.status: Expected array of numbers",
                invalid("fetch-poll", "{\"url\":\"u\",\"responseFilter\":{\"status\":200}}"));
        assertEquals(
                "Invalid fetch poll params: responseFilter.status: Expected array of numbers",
                invalid("fetch-poll", "{\"url\":\"u\",\"responseFilter\":{\"status\":[\"200\"]}}"));
        assertEquals(
                1500,
                FetchOperation.parse(
                                "fetch-poll",
                                Fixtures.parse(
                                        "{\"url\":\"u\",\"responseFilter\":{},\"requestTimeout\":{\"durationInMs\":1500}}"))
                        .timeout()
                        .path("durationInMs")
                        .asInt());
    }

    @Test
    void aPollsFilterHonoursStatusHeadersAndBody() {
        FetchResponse done = new FetchResponse(200, Map.of("x-state", "ready"), "{}".getBytes(StandardCharsets.UTF_8));
        var filter = FetchOperation.parse(
                        "fetch-poll",
                        Fixtures.parse(
                                "{\"url\":\"u\",\"responseFilter\":{\"status\":[200],\"headers\":{\"x-state\":[\"ready\"]},"
                                        + "\"body\":{\"state\":[\"done\"]}}}"))
                .responseFilter();
        assertTrue(PerformFetch.matches(filter, done, Fixtures.parse("{\"state\":\"done\"}")));
        assertFalse(PerformFetch.matches(filter, done, Fixtures.parse("{\"state\":\"running\"}")));
        assertFalse(PerformFetch.matches(filter, done, null), "a body filter needs a JSON body");
        assertFalse(PerformFetch.matches(
                filter, new FetchResponse(202, done.headers(), done.body()), Fixtures.parse("{\"state\":\"done\"}")));
        assertFalse(PerformFetch.matches(
                filter, new FetchResponse(200, Map.of(), done.body()), Fixtures.parse("{\"state\":\"done\"}")));
        assertTrue(PerformFetch.matches(Fixtures.parse("{}"), done, null), "an empty filter matches any response");
    }

    private static String invalid(String operation, String params) {
        return assertThrows(FetchOperation.Invalid.class, () -> FetchOperation.parse(operation, Fixtures.parse(params)))
                .getMessage();
    }
}
