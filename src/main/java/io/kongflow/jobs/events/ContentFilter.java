package io.kongflow.jobs.events;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One operator object of a filter list ({@code {"$gt": 3}}), as the SDK's {@code contentFilterMatches}:
 * only the first operator present, in the SDK's order, is checked; an object with none matches.
 */
final class ContentFilter {

    private ContentFilter() {}

    static boolean matches(JsonNode actual, JsonNode filter) {
        if (filter.has("$endsWith")) {
            return actual.isTextual() && actual.textValue().endsWith(argumentText(filter, "$endsWith"));
        }
        if (filter.has("$startsWith")) {
            return actual.isTextual() && actual.textValue().startsWith(argumentText(filter, "$startsWith"));
        }
        if (filter.has("$anythingBut")) {
            JsonNode excluded = filter.get("$anythingBut");
            return !(excluded.isArray() && JsValues.includes(excluded, actual))
                    && !JsValues.strictEquals(excluded, actual);
        }
        if (filter.has("$exists")) {
            return JsValues.truthy(filter.get("$exists")) != actual.isMissingNode();
        }
        if (filter.has("$gt")) {
            return actual.isNumber() && actual.doubleValue() > argumentNumber(filter.get("$gt"));
        }
        if (filter.has("$lt")) {
            return actual.isNumber() && actual.doubleValue() < argumentNumber(filter.get("$lt"));
        }
        if (filter.has("$gte")) {
            return actual.isNumber() && actual.doubleValue() >= argumentNumber(filter.get("$gte"));
        }
        if (filter.has("$lte")) {
            return actual.isNumber() && actual.doubleValue() <= argumentNumber(filter.get("$lte"));
        }
        if (filter.has("$between")) {
            return actual.isNumber() && between(actual.doubleValue(), filter.get("$between"));
        }
        if (filter.has("$includes")) {
            // Arrays only: a string payload never "includes" a substring.
            return actual.isArray() && JsValues.includes(actual, filter.get("$includes"));
        }
        if (filter.has("$ignoreCaseEquals")) {
            return actual.isTextual()
                    && LocaleCompare.equalIgnoringCase(actual.textValue(), argumentText(filter, "$ignoreCaseEquals"));
        }
        if (filter.has("$isNull")) {
            return JsValues.truthy(filter.get("$isNull")) == actual.isNull();
        }
        if (filter.has("$not")) {
            return not(actual, filter.get("$not"));
        }
        return true;
    }

    private static boolean between(double actual, JsonNode bounds) {
        if (bounds.isNull()) {
            throw new MalformedEventFilter("$between is null where a pair of bounds is expected");
        }
        // bounds[0] and bounds[1]: a string's characters, or undefined (never between) on a number.
        return actual >= argumentNumber(JsValues.property(bounds, "0"))
                && actual <= argumentNumber(JsValues.property(bounds, "1"));
    }

    private static boolean not(JsonNode actual, JsonNode excluded) {
        if (actual.isArray()) {
            return !JsValues.includes(actual, excluded);
        }
        if (actual.isNumber() || actual.isBoolean() || actual.isTextual()) {
            return !JsValues.strictEquals(actual, excluded);
        }
        // null, a missing key and an object all fail $not.
        return false;
    }

    /** String and number arguments are coerced as JavaScript's comparisons and string methods do. */
    private static String argumentText(JsonNode filter, String operator) {
        return JsCoercion.toJsString(filter.get(operator));
    }

    private static double argumentNumber(JsonNode argument) {
        return JsCoercion.toJsNumber(argument);
    }
}
