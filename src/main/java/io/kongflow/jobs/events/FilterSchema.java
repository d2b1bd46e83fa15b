package io.kongflow.jobs.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * {@code @trigger.dev/core}'s {@code EventFilterSchema} parse, which v2 applies to a dispatcher's
 * stored filters before matching: an object whose values are lists (of strings, of numbers, of
 * booleans, or of operator objects) or nested filters. Its answer is what zod's parse yields: each
 * operator object reduced to the first operator of the schema's union it satisfies (zod strips the
 * other keys), which can differ from the operator {@link EventFilter} would check first. A filter
 * the schema refuses is null: it matches nothing, as in v2.
 */
public final class FilterSchema {

    private record Operator(String name, Predicate<JsonNode> valid) {}

    /** The union's members in the schema's order. */
    private static final List<Operator> OPERATORS = List.of(
            new Operator("$endsWith", JsonNode::isTextual),
            new Operator("$startsWith", JsonNode::isTextual),
            new Operator("$ignoreCaseEquals", JsonNode::isTextual),
            new Operator("$exists", JsonNode::isBoolean),
            new Operator("$isNull", JsonNode::isBoolean),
            new Operator("$anythingBut", FilterSchema::isLiteral),
            new Operator("$anythingBut", FilterSchema::isLiteralList),
            new Operator("$gt", JsonNode::isNumber),
            new Operator("$lt", JsonNode::isNumber),
            new Operator("$gte", JsonNode::isNumber),
            new Operator("$lte", JsonNode::isNumber),
            new Operator("$between", FilterSchema::isPair),
            new Operator("$includes", FilterSchema::isLiteral),
            new Operator("$not", FilterSchema::isLiteral));

    private FilterSchema() {}

    /** The parsed filter; null when the schema refuses it. */
    public static JsonNode parse(JsonNode filter) {
        if (filter == null || !filter.isObject()) {
            return null;
        }
        ObjectNode parsed = JsonNodeFactory.instance.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> fields = filter.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode value = matcher(field.getValue());
            if (value == null) {
                value = parse(field.getValue());
            }
            if (value == null) {
                return null;
            }
            parsed.set(field.getKey(), value);
        }
        return parsed;
    }

    /** {@code EventMatcherSchema}: a list of one literal type (an empty one is a list of strings), or of operators. */
    private static JsonNode matcher(JsonNode value) {
        if (!value.isArray()) {
            return null;
        }
        if (all(value, JsonNode::isTextual) || all(value, JsonNode::isNumber) || all(value, JsonNode::isBoolean)) {
            return value;
        }
        ArrayNode operators = JsonNodeFactory.instance.arrayNode();
        for (JsonNode member : value) {
            JsonNode operator = operator(member);
            if (operator == null) {
                return null;
            }
            operators.add(operator);
        }
        return operators;
    }

    private static JsonNode operator(JsonNode member) {
        if (!member.isObject()) {
            return null;
        }
        for (Operator operator : OPERATORS) {
            JsonNode argument = member.get(operator.name());
            if (argument != null && operator.valid().test(argument)) {
                return JsonNodeFactory.instance.objectNode().set(operator.name(), argument);
            }
        }
        return null;
    }

    private static boolean isLiteral(JsonNode value) {
        return value.isTextual() || value.isNumber() || value.isBoolean();
    }

    private static boolean isLiteralList(JsonNode value) {
        return value.isArray()
                && (all(value, JsonNode::isTextual)
                        || all(value, JsonNode::isNumber)
                        || all(value, JsonNode::isBoolean));
    }

    private static boolean isPair(JsonNode value) {
        return value.isArray()
                && value.size() == 2
                && value.get(0).isNumber()
                && value.get(1).isNumber();
    }

    private static boolean all(JsonNode list, Predicate<JsonNode> test) {
        for (JsonNode member : list) {
            if (!test.test(member)) {
                return false;
            }
        }
        return true;
    }
}
