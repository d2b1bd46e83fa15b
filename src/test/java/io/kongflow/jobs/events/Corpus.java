package io.kongflow.jobs.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/** Cases written by src/test/event-filter/generate-corpus.mjs, and our matcher's answers to them. */
record Corpus(JsonNode cases) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static Corpus read(InputStream json) throws IOException {
        JsonNode cases = JSON.readTree(json);
        if (cases == null || !cases.isArray()) {
            throw new IllegalArgumentException("a corpus is a JSON array of cases");
        }
        return new Corpus(cases);
    }

    int size() {
        return cases.size();
    }

    /** Every case where our answer ("true", "false" or "throws") differs from the SDK's. */
    List<String> mismatches() {
        List<String> mismatches = new ArrayList<>();
        for (JsonNode testCase : cases) {
            String ours = ourAnswer(testCase.get("payload"), testCase.get("filter"));
            String sdks = testCase.get("matches").asText();
            if (!ours.equals(sdks)) {
                mismatches.add("SDK " + sdks + ", ours " + ours + ": " + testCase);
            }
        }
        return mismatches;
    }

    static String ourAnswer(JsonNode payload, JsonNode filter) {
        try {
            return Boolean.toString(EventFilter.matches(payload, filter));
        } catch (MalformedEventFilter e) {
            return "throws";
        }
    }
}
