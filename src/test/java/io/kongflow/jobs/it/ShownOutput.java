package io.kongflow.jobs.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Compares what a command printed with what the guide shows. JSON (one value or a stream of them,
 * as {@code jq -c} prints): every shown field must be there with the same JSON type, arrays must
 * have the shown length, and values must be equal — except values that differ on every run (ids,
 * times, keys, cursors) and a shown {@code null}, which only require the field. Text: equal lines.
 */
final class ShownOutput {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern VOLATILE = Pattern.compile(
            "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|^\\d{4}-\\d{2}-\\d{2}T|^tr_[a-z]+_");
    private static final Set<String> VOLATILE_FIELDS = Set.of("indexingHookIdentifier", "nextCursor");

    private ShownOutput() {}

    /** The differences, each naming its JSON path; empty when the output matches. */
    static List<String> differences(String language, String shown, String actual) {
        List<String> differences = new ArrayList<>();
        if (language.equals("text")) {
            if (!shown.strip()
                    .lines()
                    .map(String::stripTrailing)
                    .toList()
                    .equals(actual.strip().lines().map(String::stripTrailing).toList())) {
                differences.add("printed text differs");
            }
            return differences;
        }
        List<JsonNode> expected;
        List<JsonNode> printed;
        try {
            expected = values(shown);
        } catch (IOException e) {
            differences.add("the guide's output is not JSON: " + e.getMessage());
            return differences;
        }
        try {
            printed = values(actual);
        } catch (IOException e) {
            differences.add("the command did not print JSON: " + e.getMessage());
            return differences;
        }
        if (expected.size() != printed.size()) {
            differences.add("printed " + printed.size() + " JSON values, the guide shows " + expected.size());
            return differences;
        }
        for (int i = 0; i < expected.size(); i++) {
            compare(
                    "$" + (expected.size() > 1 ? "[" + i + "]" : ""),
                    null,
                    expected.get(i),
                    printed.get(i),
                    differences);
        }
        return differences;
    }

    private static List<JsonNode> values(String text) throws IOException {
        List<JsonNode> values = new ArrayList<>();
        try (var iterator = MAPPER.readerFor(JsonNode.class).<JsonNode>readValues(text)) {
            while (iterator.hasNext()) {
                values.add(iterator.next());
            }
        }
        return values;
    }

    private static void compare(String path, String field, JsonNode shown, JsonNode actual, List<String> differences) {
        if (actual == null || actual.isMissingNode()) {
            differences.add(path + ": missing");
        } else if (shown.isNull()) {
            return;
        } else if (shown.getNodeType() != actual.getNodeType()) {
            differences.add(path + ": " + actual.getNodeType() + " printed, " + shown.getNodeType() + " shown");
        } else if (shown.isObject()) {
            for (Map.Entry<String, JsonNode> entry : shown.properties()) {
                compare(
                        path + "." + entry.getKey(),
                        entry.getKey(),
                        entry.getValue(),
                        actual.get(entry.getKey()),
                        differences);
            }
        } else if (shown.isArray()) {
            if (shown.size() != actual.size()) {
                differences.add(path + ": " + actual.size() + " elements printed, " + shown.size() + " shown");
                return;
            }
            for (int i = 0; i < shown.size(); i++) {
                compare(path + "[" + i + "]", field, shown.get(i), actual.get(i), differences);
            }
        } else if (!shown.equals(actual) && !isVolatile(field, shown)) {
            differences.add(path + ": " + actual + " printed, " + shown + " shown");
        }
    }

    private static boolean isVolatile(String field, JsonNode shown) {
        return (field != null && VOLATILE_FIELDS.contains(field))
                || (shown.isTextual() && VOLATILE.matcher(shown.textValue()).find());
    }
}
