package io.kongflow.jobs.execution;

import com.fasterxml.jackson.databind.JsonNode;
import io.kongflow.jobs.problem.InvalidInput;
import java.util.Iterator;
import java.util.Map;

/**
 * Refuses what an endpoint sends through the tasks and statuses API when it holds a NUL character:
 * valid JSON that PostgreSQL's text and jsonb cannot store. A 400 naming the field, before any
 * write, where the database would refuse it mid-transaction.
 */
public final class NulCharacters {

    private static final String MESSAGE = "must not contain the NUL character (\\u0000), which cannot be stored";

    private NulCharacters() {}

    /** Throws {@link InvalidInput} naming the first value at or under {@code path} that holds a NUL. */
    public static void refuse(String path, JsonNode value) {
        String found = find(path, value);
        if (found != null) {
            throw new InvalidInput(found, MESSAGE);
        }
    }

    public static void refuse(String path, String value) {
        if (value != null && value.indexOf('\u0000') >= 0) {
            throw new InvalidInput(path, MESSAGE);
        }
    }

    private static String find(String path, JsonNode value) {
        if (value == null) {
            return null;
        }
        if (value.isTextual()) {
            return value.textValue().indexOf('\u0000') >= 0 ? path : null;
        }
        if (value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                String found = find(path + "[" + i + "]", value.get(i));
                if (found != null) {
                    return found;
                }
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = value.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String at = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
            if (field.getKey().indexOf('\u0000') >= 0) {
                return at;
            }
            String found = find(at, field.getValue());
            if (found != null) {
                return found;
            }
        }
        return null;
    }
}
