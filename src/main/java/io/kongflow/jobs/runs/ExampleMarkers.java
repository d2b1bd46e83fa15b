package io.kongflow.jobs.runs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.Map;

/**
 * The markers of {@code @trigger.dev/core}'s example replacements, filled in a test payload as
 * trigger.dev v2's test page filled them: any string value that is exactly a marker becomes the
 * current time ({@code __CURRENT_DATE__}: ISO-8601 with milliseconds, as JavaScript's
 * {@code toISOString}; {@code __CURRENT_TIMESTAMP_MS__}: epoch milliseconds;
 * {@code __CURRENT_TIMESTAMP_S__}: epoch seconds with their fraction). A scheduled job's registered
 * example ({@code {"ts": "__CURRENT_DATE__", …}}) then passes the SDK's schema.
 */
final class ExampleMarkers {

    private static final DateTimeFormatter JAVASCRIPT_ISO =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ExampleMarkers() {}

    /** A copy of the payload with every marker replaced by {@code now}; the payload itself is left alone. */
    static JsonNode fill(JsonNode payload, Instant now) {
        Instant millis = now.truncatedTo(ChronoUnit.MILLIS);
        return replace(payload.deepCopy(), millis);
    }

    private static JsonNode replace(JsonNode node, Instant now) {
        if (node.isTextual()) {
            JsonNode filled = filled(node.textValue(), now);
            return filled == null ? node : filled;
        }
        if (node instanceof ObjectNode object) {
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                field.setValue(replace(field.getValue(), now));
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, replace(array.get(i), now));
            }
        }
        return node;
    }

    private static JsonNode filled(String value, Instant now) {
        long epochMillis = now.toEpochMilli();
        return switch (value) {
            case "__CURRENT_DATE__" -> NODES.textNode(JAVASCRIPT_ISO.format(now));
            case "__CURRENT_TIMESTAMP_MS__" -> NODES.numberNode(epochMillis);
            case "__CURRENT_TIMESTAMP_S__" ->
                epochMillis % 1000 == 0
                        ? NODES.numberNode(epochMillis / 1000)
                        : NODES.numberNode(BigDecimal.valueOf(epochMillis, 3).stripTrailingZeros());
            default -> null;
        };
    }
}
