package io.kongflow.jobs.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The markers of trigger.dev's example payloads become the time, as v2's test page made them. */
class ExampleMarkersTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-12-07T01:02:03.456789Z");

    @Test
    void everyMarkerIsFilledWhereverItIsAndTheRestIsLeftAlone() throws Exception {
        JsonNode payload = JSON.readTree("""
                {"ts": "__CURRENT_DATE__", "nested": {"ms": "__CURRENT_TIMESTAMP_MS__", "list": ["__CURRENT_TIMESTAMP_S__", 1]},
                 "text": "at __CURRENT_DATE__", "__CURRENT_DATE__": true, "n": null}""");
        JsonNode filled = ExampleMarkers.fill(payload, NOW);
        assertEquals(
                "{\"ts\":\"2026-12-07T01:02:03.456Z\",\"nested\":{\"ms\":1796605323456,\"list\":[1796605323.456,1]},"
                        + "\"text\":\"at __CURRENT_DATE__\",\"__CURRENT_DATE__\":true,\"n\":null}",
                filled.toString());
        assertEquals("__CURRENT_DATE__", payload.get("ts").asText(), "the given payload is not changed");
    }

    @Test
    void timesAreWrittenAsJavaScriptWritesThem() {
        JsonNode whole = ExampleMarkers.fill(
                JSON.getNodeFactory().textNode("__CURRENT_TIMESTAMP_S__"), Instant.parse("2026-12-07T01:02:03Z"));
        assertEquals("1796605323", whole.toString());
        JsonNode tenths = ExampleMarkers.fill(
                JSON.getNodeFactory().textNode("__CURRENT_TIMESTAMP_S__"), Instant.parse("2026-12-07T01:02:03.100Z"));
        assertEquals("1796605323.1", tenths.toString());
        JsonNode date = ExampleMarkers.fill(
                JSON.getNodeFactory().textNode("__CURRENT_DATE__"), Instant.parse("2026-12-07T01:02:03Z"));
        assertEquals("\"2026-12-07T01:02:03.000Z\"", date.toString());
    }
}
