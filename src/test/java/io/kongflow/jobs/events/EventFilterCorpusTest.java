package io.kongflow.jobs.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Our matcher answers every checked-in case as the SDK's own eventFilterMatches did (see generate-corpus.mjs). */
class EventFilterCorpusTest {

    private static final List<String> OPERATORS = List.of(
            "$startsWith",
            "$endsWith",
            "$ignoreCaseEquals",
            "$exists",
            "$isNull",
            "$anythingBut",
            "$gt",
            "$lt",
            "$gte",
            "$lte",
            "$between",
            "$includes",
            "$not");
    private static final int CASES_PER_OPERATOR_AND_ANSWER = 20;

    private static Corpus corpus;

    @BeforeAll
    static void readCorpus() throws IOException {
        try (InputStream json = EventFilterCorpusTest.class.getResourceAsStream("/event-filter/corpus.json")) {
            corpus = Corpus.read(json);
        }
    }

    @Test
    void everyCaseIsAnsweredAsTheSdkAnswersIt() {
        List<String> mismatches = corpus.mismatches();
        assertEquals(List.of(), mismatches, mismatches.size() + " of " + corpus.size() + " cases differ");
    }

    @Test
    void theCorpusHasAtLeastTwoThousandCases() {
        assertTrue(corpus.size() >= 2000, "only " + corpus.size() + " cases");
    }

    @Test
    void everyOperatorMeetsBothAnswersOften() {
        Map<String, int[]> answers = new TreeMap<>();
        OPERATORS.forEach(operator -> answers.put(operator, new int[2]));
        for (JsonNode testCase : corpus.cases()) {
            JsonNode matches = testCase.get("matches");
            if (!matches.isBoolean()) {
                continue;
            }
            List<String> names = new ArrayList<>();
            fieldNames(testCase.get("filter"), names);
            for (String operator : OPERATORS) {
                if (names.contains(operator)) {
                    answers.get(operator)[matches.booleanValue() ? 1 : 0]++;
                }
            }
        }
        List<String> thin = new ArrayList<>();
        answers.forEach((operator, counts) -> {
            if (counts[0] < CASES_PER_OPERATOR_AND_ANSWER || counts[1] < CASES_PER_OPERATOR_AND_ANSWER) {
                thin.add(operator + " false " + counts[0] + ", true " + counts[1]);
            }
        });
        assertEquals(List.of(), thin, "operators met too rarely by each answer");
    }

    @Test
    void theCorpusHoldsFiltersOnWhichTheSdkThrows() {
        long throwing = 0;
        for (JsonNode testCase : corpus.cases()) {
            throwing += testCase.get("matches").asText().equals("throws") ? 1 : 0;
        }
        assertTrue(throwing >= CASES_PER_OPERATOR_AND_ANSWER, "only " + throwing + " throwing cases");
    }

    private static void fieldNames(JsonNode node, List<String> names) {
        if (node == null) {
            return;
        }
        node.fieldNames().forEachRemaining(names::add);
        node.forEach(child -> fieldNames(child, names));
    }
}
