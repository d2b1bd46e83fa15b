package io.kongflow.jobs.registration;

import com.fasterxml.jackson.databind.JsonNode;
import io.kongflow.jobs.problem.InvalidInput;
import io.kongflow.jobs.problem.Problem.FieldError;
import java.util.ArrayList;
import java.util.List;

/** Reads single JSON fields of a document, collecting a {@link FieldError} for each broken one. */
final class FieldReader {

    static final int MAX_TEXT = 1_000;
    /** Values that are part of a unique key stay well inside PostgreSQL's index row limit. */
    static final int MAX_IDENTIFIER = 200;

    private final List<FieldError> errors = new ArrayList<>();
    private final String prefix;

    FieldReader(String prefix) {
        this.prefix = prefix;
    }

    List<FieldError> errors() {
        return errors;
    }

    boolean failed() {
        return !errors.isEmpty();
    }

    /** Throws an {@link InvalidInput} naming every error collected so far, if any. */
    void throwIfFailed() {
        if (failed()) {
            throw new InvalidInput(errors);
        }
    }

    /** The node if it is an object; otherwise an error (required or of the wrong type) and null. */
    JsonNode requiredObject(JsonNode node, String path) {
        if (!present(node) || !node.isObject()) {
            error(path, present(node) ? "must be an object" : "is required");
            return null;
        }
        return node;
    }

    /** The node if it is an object, null when absent; an error when of another type. */
    JsonNode object(JsonNode node, String path) {
        if (present(node) && !node.isObject()) {
            error(path, "must be an object");
            return null;
        }
        return present(node) ? node : null;
    }

    /** The node if it is an array, null when absent; an error when of another type. */
    JsonNode array(JsonNode node, String path) {
        if (present(node) && !node.isArray()) {
            error(path, "must be an array");
            return null;
        }
        return present(node) ? node : null;
    }

    boolean bool(JsonNode parent, String field, boolean fallback) {
        JsonNode node = parent.get(field);
        if (!present(node)) {
            return fallback;
        }
        if (!node.isBoolean()) {
            error(field, "must be true or false");
            return fallback;
        }
        return node.booleanValue();
    }

    Integer positive(JsonNode node, String path, boolean required) {
        if (!present(node)) {
            if (required) {
                error(path, "is required");
            }
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() < 1) {
            error(path, "must be a positive whole number");
            return null;
        }
        return node.intValue();
    }

    /** One name or a non-empty array of them, as the SDK sends event names. */
    List<String> names(JsonNode node, String path) {
        if (present(node) && node.isTextual()) {
            String name = limited(nonBlank(node.textValue(), path), path, MAX_IDENTIFIER);
            return name == null ? List.of() : List.of(name);
        }
        if (present(node) && node.isArray() && !node.isEmpty()) {
            List<String> names = new ArrayList<>();
            for (int i = 0; i < node.size(); i++) {
                JsonNode name = node.get(i);
                if (name.isTextual()
                        && !name.textValue().isBlank()
                        && name.textValue().length() <= MAX_IDENTIFIER
                        && name.textValue().indexOf('\u0000') < 0) {
                    names.add(name.textValue());
                } else {
                    error(path + "[" + i + "]", "must be a non-empty string");
                }
            }
            return names;
        }
        error(path, present(node) ? "must be a string or a non-empty array of strings" : "is required");
        return List.of();
    }

    String text(JsonNode parent, String field, boolean required) {
        return text(parent, field, field, required);
    }

    String text(JsonNode parent, String path, String field, boolean required) {
        JsonNode node = parent.get(field);
        if (!present(node)) {
            if (required) {
                error(path, "is required");
            }
            return null;
        }
        if (!node.isTextual()) {
            error(path, "must be a string");
            return null;
        }
        String text = required ? nonBlank(node.textValue(), path) : node.textValue();
        return limited(text, path, MAX_TEXT);
    }

    String identifier(JsonNode parent, String path, String field) {
        String value = text(parent, path, field, true);
        return value == null ? null : limited(value, path, MAX_IDENTIFIER);
    }

    String nonBlank(String value, String path) {
        if (value.isBlank()) {
            error(path, "must not be empty");
            return null;
        }
        return limited(value, path, MAX_TEXT);
    }

    String limited(String value, String path, int max) {
        if (value == null) {
            return null;
        }
        if (value.length() > max) {
            error(path, "must be at most " + max + " characters");
            return null;
        }
        // PostgreSQL text cannot hold NUL: refuse it here rather than fail the insert.
        if (value.indexOf('\u0000') >= 0) {
            error(path, "must not contain the NUL character");
            return null;
        }
        return value;
    }

    static boolean present(JsonNode node) {
        return node != null && !node.isNull() && !node.isMissingNode();
    }

    void error(String path, String message) {
        errors.add(new FieldError(prefix + path, message));
    }
}
