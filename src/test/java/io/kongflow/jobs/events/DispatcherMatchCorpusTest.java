package io.kongflow.jobs.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A dispatcher takes an event exactly when v2 did: the SDK's own {@code EventFilterSchema} parse
 * of the stored filters, then {@code eventFilterMatches} (cases answered in node by
 * src/test/event-filter/generate-dispatcher-corpus.mjs).
 */
class DispatcherMatchCorpusTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static JsonNode cases;

    @BeforeAll
    static void readCorpus() throws IOException {
        try (InputStream json =
                DispatcherMatchCorpusTest.class.getResourceAsStream("/event-filter/dispatcher-corpus.json")) {
            cases = JSON.readTree(json);
        }
    }

    @Test
    void everyCaseIsAnsweredAsV2DeliveredIt() {
        List<String> mismatches = new ArrayList<>();
        for (JsonNode c : cases) {
            String ours = Boolean.toString(DispatcherMatch.matches(
                    c.get("payload"), c.get("context"), c.get("payloadFilter"), c.get("contextFilter")));
            if (!ours.equals(c.get("matches").asText())) {
                mismatches.add("v2 " + c.get("matches") + ", ours " + ours + ": " + c);
            }
        }
        assertTrue(cases.size() >= 2000, "a corpus of at least 2 000 cases");
        assertEquals(List.of(), mismatches.stream().limit(10).toList(), mismatches.size() + " mismatches");
    }

    @Test
    void theSchemaParsesEveryFilterAsZodDoes() {
        List<String> mismatches = new ArrayList<>();
        int refused = 0;
        int stripped = 0;
        for (JsonNode c : cases) {
            JsonNode stored = c.get("payloadFilter").isNull() ? JSON.createObjectNode() : c.get("payloadFilter");
            JsonNode ours = FilterSchema.parse(stored);
            JsonNode zods = c.get("parsedPayloadFilter");
            if (zods.isNull()) {
                refused++;
            } else if (!zods.equals(stored)) {
                stripped++;
            }
            if (!(zods.isNull() ? ours == null : zods.equals(ours))) {
                mismatches.add("zod " + zods + ", ours " + ours + ": " + stored);
            }
        }
        assertEquals(List.of(), mismatches.stream().limit(10).toList(), mismatches.size() + " mismatches");
        assertTrue(refused >= 100, "the corpus has filters the schema refuses: " + refused);
        assertTrue(stripped >= 50, "and operator objects zod reduces to one operator: " + stripped);
    }

    @Test
    void aFilterTheSchemaRefusesMatchesNothingAndNoFilterMatchesEverything() throws IOException {
        JsonNode payload = JSON.readTree("{\"n\": 5}");
        JsonNode context = JSON.createObjectNode();
        assertFalse(DispatcherMatch.matches(payload, context, JSON.readTree("{\"n\": 5}"), null));
        assertFalse(DispatcherMatch.matches(payload, context, JSON.readTree("{\"n\": [{\"$gt\": \"4\"}]}"), null));
        assertTrue(DispatcherMatch.matches(payload, context, JSON.readTree("{\"n\": [{\"$gt\": 4}]}"), null));
        assertTrue(DispatcherMatch.matches(JSON.readTree("[]"), context, null, null));
        // v2's quirk: with a context filter only, the payload is matched against {}, and an empty array fails it.
        assertFalse(DispatcherMatch.matches(JSON.readTree("[]"), context, null, JSON.readTree("{}")));
        // zod keeps the first operator of its union ($ignoreCaseEquals), where the matcher would check $exists first.
        assertTrue(DispatcherMatch.matches(
                JSON.readTree("{\"s\": \"ABC\"}"),
                context,
                JSON.readTree("{\"s\": [{\"$exists\": false, \"$ignoreCaseEquals\": \"abc\"}]}"),
                null));
    }
}
