package io.kongflow.jobs.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.Map;

/** Answers whether a payload passes a v2 event filter exactly as {@code @trigger.dev/core}'s {@code eventFilterMatches}. */
public final class EventFilter {

    private EventFilter() {}

    /**
     * {@code payload} null or missing stands for JavaScript's {@code undefined}.
     *
     * @throws MalformedEventFilter where the SDK would throw (a JSON null where a filter object is expected)
     */
    public static boolean matches(JsonNode payload, JsonNode filter) {
        JsonNode value = payload == null ? MissingNode.getInstance() : payload;
        if (filter == null || filter.isNull() || filter.isMissingNode()) {
            throw new MalformedEventFilter("a filter is null where an object is expected");
        }
        if (value.isMissingNode() || value.isNull()) {
            return JsValues.entryCount(filter) == 0;
        }
        for (Map.Entry<String, JsonNode> entry : JsValues.entries(filter)) {
            if (!entryMatches(JsValues.property(value, entry.getKey()), entry.getValue())) {
                return false;
            }
        }
        return true;
    }

    private static boolean entryMatches(JsonNode actual, JsonNode pattern) {
        if (pattern.isArray()) {
            return listMatches(actual, pattern);
        }
        // typeof null is "object": a null pattern recurses, and the recursion throws.
        if (pattern.isObject() || pattern.isNull()) {
            return actual.isArray() ? anyElementMatches(actual, pattern) : matches(actual, pattern);
        }
        // A bare string, number or boolean (not in a list) constrains nothing.
        return true;
    }

    private static boolean anyElementMatches(JsonNode array, JsonNode pattern) {
        for (JsonNode element : array) {
            if (matches(element, pattern)) {
                return true;
            }
        }
        return false;
    }

    private static boolean listMatches(JsonNode actual, JsonNode list) {
        if (list.isEmpty()) {
            return true;
        }
        if (allOfOneType(list)) {
            // Strict equality with the value itself: an array in the payload never equals a literal.
            return JsValues.includes(list, actual);
        }
        // A mixed list: only its object (and array, and null) members are operators; literals are skipped.
        for (JsonNode member : list) {
            if (member.isNull()) {
                throw new MalformedEventFilter("a content filter is null where an object is expected");
            }
            if (member.isContainerNode() && !ContentFilter.matches(actual, member)) {
                return false;
            }
        }
        return true;
    }

    private static boolean allOfOneType(JsonNode list) {
        return all(list, Kind.STRING) || all(list, Kind.NUMBER) || all(list, Kind.BOOLEAN);
    }

    private enum Kind {
        STRING,
        NUMBER,
        BOOLEAN
    }

    private static boolean all(JsonNode list, Kind kind) {
        for (JsonNode member : list) {
            boolean ofKind = switch (kind) {
                case STRING -> member.isTextual();
                case NUMBER -> member.isNumber();
                case BOOLEAN -> member.isBoolean();
            };
            if (!ofKind) {
                return false;
            }
        }
        return true;
    }
}
