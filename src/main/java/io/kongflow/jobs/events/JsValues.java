package io.kongflow.jobs.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** JavaScript's reading of JSON values: property access, entries, strict equality and truthiness. */
final class JsValues {

    private static final long MAX_ARRAY_INDEX = 4_294_967_294L;

    private JsValues() {}

    /**
     * {@code value[key]}, or missing for undefined. Inherited members ({@code constructor}, {@code
     * toString}, …) are not modelled: a JSON document only has own properties and string or array
     * indices and {@code length}.
     */
    static JsonNode property(JsonNode value, String key) {
        if (value.isObject()) {
            JsonNode field = value.get(key);
            return field == null ? MissingNode.getInstance() : field;
        }
        if (value.isArray() || value.isTextual()) {
            int length = value.isArray() ? value.size() : value.textValue().length();
            if (key.equals("length")) {
                return IntNode.valueOf(length);
            }
            long index = arrayIndex(key);
            if (index < 0 || index >= length) {
                return MissingNode.getInstance();
            }
            return value.isArray()
                    ? value.get((int) index)
                    : TextNode.valueOf(String.valueOf(value.textValue().charAt((int) index)));
        }
        return MissingNode.getInstance();
    }

    /** How many entries {@code Object.entries(filter)} has. */
    static int entryCount(JsonNode filter) {
        if (filter.isContainerNode()) {
            return filter.size();
        }
        return filter.isTextual() ? filter.textValue().length() : 0;
    }

    /** {@code Object.entries(filter)}, in JavaScript's order: array-index keys ascending first. */
    static Collection<Map.Entry<String, JsonNode>> entries(JsonNode filter) {
        if (filter.isObject()) {
            Set<Map.Entry<String, JsonNode>> fields = filter.properties();
            boolean indexKeys = false;
            for (Map.Entry<String, JsonNode> field : fields) {
                indexKeys |= arrayIndex(field.getKey()) >= 0;
            }
            if (!indexKeys) {
                return fields;
            }
            List<Map.Entry<String, JsonNode>> ordered = new ArrayList<>(fields);
            ordered.sort(Comparator.comparingLong(entry -> indexOrder(entry.getKey())));
            return ordered;
        }
        List<Map.Entry<String, JsonNode>> entries = new ArrayList<>(entryCount(filter));
        if (filter.isArray() || filter.isTextual()) {
            for (int i = 0; i < entryCount(filter); i++) {
                String key = Integer.toString(i);
                entries.add(Map.entry(key, property(filter, key)));
            }
        }
        return entries;
    }

    /** {@code list.includes(value)}: SameValueZero, under which objects equal only themselves. */
    static boolean includes(JsonNode list, JsonNode value) {
        for (JsonNode member : list) {
            if (strictEquals(member, value)) {
                return true;
            }
        }
        return false;
    }

    /** {@code a === b} for values parsed from two different documents (no two containers are one). */
    static boolean strictEquals(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.doubleValue() == b.doubleValue();
        }
        if (a.isTextual() && b.isTextual()) {
            return a.textValue().equals(b.textValue());
        }
        if (a.isBoolean() && b.isBoolean()) {
            return a.booleanValue() == b.booleanValue();
        }
        return (a.isNull() && b.isNull()) || (a.isMissingNode() && b.isMissingNode());
    }

    static boolean truthy(JsonNode value) {
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isNumber()) {
            double number = value.doubleValue();
            return number != 0 && !Double.isNaN(number);
        }
        if (value.isTextual()) {
            return !value.textValue().isEmpty();
        }
        return value.isContainerNode();
    }

    /** The index a key names on an array or string, or -1; "01", "-0" and "1.0" name none. */
    static long arrayIndex(String key) {
        int length = key.length();
        if (length == 0 || length > 10 || (length > 1 && key.charAt(0) == '0')) {
            return -1;
        }
        long index = 0;
        for (int i = 0; i < length; i++) {
            char c = key.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            index = index * 10 + (c - '0');
        }
        return index <= MAX_ARRAY_INDEX ? index : -1;
    }

    private static long indexOrder(String key) {
        long index = arrayIndex(key);
        return index >= 0 ? index : Long.MAX_VALUE;
    }
}
