package io.kongflow.jobs.fetches;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A background fetch task's params, read as {@code @trigger.dev/core}'s {@code FetchOperationSchema}
 * ({@code fetch}, {@code fetch-response}) or {@code FetchPollOperationSchema} ({@code fetch-poll})
 * reads them; {@link #parse} throws {@link Invalid} naming the first offending field.
 */
record FetchOperation(
        String operation,
        String url,
        String method,
        Map<String, String> headers,
        String body,
        JsonNode retry,
        JsonNode timeout,
        int interval,
        int pollTimeout,
        JsonNode responseFilter) {

    static final String FETCH = "fetch";
    static final String RESPONSE = "fetch-response";
    static final String POLL = "fetch-poll";

    private static final Pattern TOKEN = Pattern.compile("^[!#$%&'*+.^_`|~0-9A-Za-z-]+$");

    /** Params the schema refuses; the message is the task's error. */
    static final class Invalid extends RuntimeException {
        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    boolean isPoll() {
        return POLL.equals(operation);
    }

    static FetchOperation parse(String operation, JsonNode params) {
        String prefix = POLL.equals(operation) ? "Invalid fetch poll params" : "Invalid fetch operation";
        try {
            return read(
                    operation, params == null ? com.fasterxml.jackson.databind.node.NullNode.getInstance() : params);
        } catch (Invalid e) {
            throw new Invalid(prefix + ": " + e.getMessage());
        }
    }

    private static FetchOperation read(String operation, JsonNode params) {
        if (!params.isObject()) {
            throw new Invalid("Expected object, received " + type(params));
        }
        String url = text(params, "url", true);
        JsonNode init = object(params, "requestInit");
        String method = init == null ? null : text(init, "method", false);
        method = method == null ? "GET" : normalize(method);
        Map<String, String> headers = headers(init == null ? null : object(init, "headers"));
        String body = init == null ? null : text(init, "body", false);
        if (!POLL.equals(operation)) {
            JsonNode retry = object(params, "retry");
            if (retry != null) {
                retry.fields().forEachRemaining(entry -> strategy("retry." + entry.getKey(), entry.getValue()));
            }
            JsonNode timeout = timeoutOptions(params, "timeout");
            return new FetchOperation(operation, url, method, headers, body, retry, timeout, 0, 0, null);
        }
        int interval = integer(params, "interval", 10, 10, 600);
        int pollTimeout = integer(params, "timeout", 600, 30, 3600);
        JsonNode filter = params.get("responseFilter");
        if (filter == null || !filter.isObject()) {
            throw new Invalid("responseFilter: Required object");
        }
        JsonNode status = filter.get("status");
        if (status != null && !status.isNull()) {
            if (!status.isArray()) {
                throw new Invalid("responseFilter.status: Expected array of numbers");
            }
            status.forEach(code -> {
                if (!code.isNumber()) {
                    throw new Invalid("responseFilter.status: Expected array of numbers");
                }
            });
        }
        com.fasterxml.jackson.databind.node.ObjectNode parsed = filter.deepCopy();
        for (String part : new String[] {"headers", "body"}) {
            JsonNode value = filter.get(part);
            if (value != null && !value.isNull()) {
                JsonNode schema = io.kongflow.jobs.events.FilterSchema.parse(value);
                if (schema == null) {
                    throw new Invalid("responseFilter." + part + ": Invalid event filter");
                }
                parsed.set(part, schema);
            }
        }
        JsonNode requestTimeout = timeoutOptions(params, "requestTimeout");
        return new FetchOperation(
                operation, url, method, headers, body, null, requestTimeout, interval, pollTimeout, parsed);
    }

    // Fetch upper-cases the standard methods whatever their case and sends any other token as written.
    private static String normalize(String method) {
        if (!TOKEN.matcher(method).matches()) {
            throw new Invalid("requestInit.method: '" + method + "' is not a valid HTTP method");
        }
        String upper = method.toUpperCase(Locale.ROOT);
        return switch (upper) {
            case "DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT" -> upper;
            default -> method;
        };
    }

    private static Map<String, String> headers(JsonNode headers) {
        Map<String, String> values = new LinkedHashMap<>();
        if (headers == null) {
            return values;
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = headers.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            values.put(field.getKey(), headerValue("requestInit.headers." + field.getKey(), field.getValue()));
        }
        return values;
    }

    /** A string, or the SDK's redactString {@code {__redactedString, strings, interpolations}} put back together. */
    private static String headerValue(String path, JsonNode value) {
        if (value.isTextual()) {
            return value.textValue();
        }
        JsonNode strings = value.path("strings");
        JsonNode interpolations = value.path("interpolations");
        if (!value.path("__redactedString").asBoolean(false) || !strings.isArray() || !interpolations.isArray()) {
            throw new Invalid(path + ": Expected string or redacted string");
        }
        StringBuilder joined = new StringBuilder();
        for (int i = 0; i < strings.size(); i++) {
            joined.append(strings.get(i).asText());
            if (i < interpolations.size()) {
                joined.append(interpolations.get(i).asText());
            }
        }
        return joined.toString();
    }

    private static void strategy(String path, JsonNode strategy) {
        if (!strategy.isObject()) {
            throw new Invalid(path + ": Expected object");
        }
        String kind = strategy.path("strategy").asText("");
        switch (kind) {
            case "backoff" -> retryOptions(path, strategy);
            case "headers" -> {
                for (String header : new String[] {"limitHeader", "remainingHeader", "resetHeader"}) {
                    text(strategy, header, true, path + ".");
                }
                String format = text(strategy, "resetFormat", false, path + ".");
                if (format != null
                        && !java.util.Set.of(
                                        "unix_timestamp",
                                        "unix_timestamp_in_ms",
                                        "iso_8601",
                                        "iso_8601_duration_openai_variant")
                                .contains(format)) {
                    throw new Invalid(path + ".resetFormat: Invalid enum value '" + format + "'");
                }
            }
            default ->
                throw new Invalid(path + ".strategy: Invalid discriminator value. Expected 'headers' | 'backoff'");
        }
        JsonNode filter = strategy.get("bodyFilter");
        if (filter != null && !filter.isNull() && !filter.isObject()) {
            throw new Invalid(path + ".bodyFilter: Expected object");
        }
    }

    private static JsonNode timeoutOptions(JsonNode params, String field) {
        JsonNode timeout = object(params, field);
        if (timeout == null) {
            return null;
        }
        if (!timeout.path("durationInMs").isNumber()) {
            throw new Invalid(field + ".durationInMs: Required number");
        }
        JsonNode retry = object(timeout, "retry");
        if (retry != null) {
            retryOptions(field + ".retry", retry);
        }
        return timeout;
    }

    private static void retryOptions(String path, JsonNode options) {
        for (String number : new String[] {"limit", "factor", "minTimeoutInMs", "maxTimeoutInMs"}) {
            JsonNode value = options.get(number);
            if (value != null && !value.isNull() && !value.isNumber()) {
                throw new Invalid(path + "." + number + ": Expected number, received " + type(value));
            }
        }
        JsonNode randomize = options.get("randomize");
        if (randomize != null && !randomize.isNull() && !randomize.isBoolean()) {
            throw new Invalid(path + ".randomize: Expected boolean, received " + type(randomize));
        }
    }

    private static int integer(JsonNode params, String field, int fallback, int min, int max) {
        JsonNode value = params.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isNumber() || value.doubleValue() != Math.rint(value.doubleValue())) {
            throw new Invalid(field + ": Expected integer, received " + type(value));
        }
        double number = value.doubleValue();
        if (number < min || number > max) {
            throw new Invalid(field + ": Number must be between " + min + " and " + max);
        }
        return (int) number;
    }

    private static JsonNode object(JsonNode parent, String field) {
        JsonNode value = parent.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isObject()) {
            throw new Invalid(field + ": Expected object, received " + type(value));
        }
        return value;
    }

    private static String text(JsonNode parent, String field, boolean required) {
        return text(parent, field, required, "");
    }

    private static String text(JsonNode parent, String field, boolean required, String path) {
        JsonNode value = parent.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw new Invalid(path + field + ": Required");
            }
            return null;
        }
        if (!value.isTextual()) {
            throw new Invalid(path + field + ": Expected string, received " + type(value));
        }
        return value.textValue();
    }

    private static String type(JsonNode value) {
        if (value.isArray()) {
            return "array";
        }
        if (value.isObject()) {
            return "object";
        }
        if (value.isNull()) {
            return "null";
        }
        return value.isNumber() ? "number" : value.isBoolean() ? "boolean" : "string";
    }
}
