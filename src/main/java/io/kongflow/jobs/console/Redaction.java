package io.kongflow.jobs.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Iterator;
import java.util.Map;

/**
 * What a task asked to keep out of sight, masked as trigger.dev v2's run page masked it: each of
 * the task's {@code redact.paths} (dot-separated object keys, no arrays) in its output becomes
 * {@code "[REDACTED]"}, and every redacted string the SDK sends in params
 * ({@code {"__redactedString": true, "strings": [...], "interpolations": [...]}}) shows its
 * literal parts with {@code ********} for each interpolated value.
 */
final class Redaction {

    static final String REDACTED = "[REDACTED]";
    static final String MASK = "********";

    private Redaction() {}

    /** A copy of {@code output} with the paths of {@code redact} masked; the value itself when nothing applies. */
    static JsonNode output(JsonNode output, JsonNode redact) {
        if (output == null
                || !output.isObject()
                || redact == null
                || !redact.path("paths").isArray()) {
            return output;
        }
        JsonNode copy = output.deepCopy();
        for (JsonNode path : redact.path("paths")) {
            if (path.isTextual()) {
                mask(copy, path.asText().split("\\."));
            }
        }
        return copy;
    }

    private static void mask(JsonNode subject, String[] parts) {
        JsonNode current = subject;
        for (int i = 0; i < parts.length; i++) {
            if (!(current instanceof ObjectNode object) || !object.has(parts[i])) {
                return;
            }
            if (i == parts.length - 1) {
                object.set(parts[i], TextNode.valueOf(REDACTED));
            } else {
                current = object.get(parts[i]);
            }
        }
    }

    /** A copy of {@code params} with every redacted string replaced by its masked text. */
    static JsonNode params(JsonNode params) {
        if (params == null || !params.isContainerNode()) {
            return params;
        }
        return replaced(params.deepCopy());
    }

    private static JsonNode replaced(JsonNode node) {
        if (isRedactedString(node)) {
            return TextNode.valueOf(masked(node));
        }
        if (node instanceof ObjectNode object) {
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                field.setValue(replaced(field.getValue()));
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                ((com.fasterxml.jackson.databind.node.ArrayNode) node).set(i, replaced(node.get(i)));
            }
        }
        return node;
    }

    private static boolean isRedactedString(JsonNode node) {
        return node.isObject()
                && node.path("__redactedString").asBoolean(false)
                && node.path("strings").isArray();
    }

    private static String masked(JsonNode redacted) {
        StringBuilder text = new StringBuilder();
        JsonNode strings = redacted.path("strings");
        int interpolations = redacted.path("interpolations").size();
        for (int i = 0; i < strings.size(); i++) {
            text.append(strings.get(i).asText());
            if (i < interpolations) {
                text.append(MASK);
            }
        }
        return text.toString();
    }
}
