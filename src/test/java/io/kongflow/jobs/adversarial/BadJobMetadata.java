package io.kongflow.jobs.adversarial;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kongflow.jobs.support.Fixtures;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * trigger.dev v2 JobMetadata documents that are wrong in every way SPEC §3 names, made by mutating
 * the real SDK fixtures: each document gets one to three mutations, each of which alone makes it
 * invalid (so no combination can make it valid again).
 */
final class BadJobMetadata {

    /** Replaced, in the serialised document, by a nesting too deep to be a value of any field. */
    static final String DEEP_MARKER = "__deeply_nested__";

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** One change that makes a document invalid, and what it did (printed when a case fails). */
    record Mutation(String description, UnaryOperator<ObjectNode> apply) {
    }

    /** A mutated document, and the mutations that made it. */
    record Document(ObjectNode json, List<String> mutations) {
    }

    private static final List<String> REQUIRED = List.of("id", "name", "version", "event", "trigger", "event.name",
            "event.source", "trigger.type", "trigger.rule", "trigger.rule.event", "trigger.rule.source",
            "trigger.schedule", "trigger.schedule.type", "trigger.schedule.options");

    /** Where a JSON kind is expected; the predicate says which values are allowed there (null: absent). */
    private static final Map<String, Predicate<JsonNode>> TYPED = Map.ofEntries(
            Map.entry("id", JsonNode::isTextual),
            Map.entry("name", JsonNode::isTextual),
            Map.entry("version", JsonNode::isTextual),
            Map.entry("event", JsonNode::isObject),
            Map.entry("event.name", node -> node.isTextual() || node.isArray()),
            Map.entry("event.source", JsonNode::isTextual),
            Map.entry("event.examples", node -> node.isArray() || node.isNull()),
            Map.entry("trigger", JsonNode::isObject),
            Map.entry("trigger.type", JsonNode::isTextual),
            Map.entry("enabled", node -> node.isBoolean() || node.isNull()),
            Map.entry("internal", node -> node.isBoolean() || node.isNull()),
            Map.entry("preprocessRuns", node -> node.isBoolean() || node.isNull()),
            Map.entry("startPosition", node -> node.isNull() || "initial".equals(node.asText()) && node.isTextual()
                    || "latest".equals(node.asText()) && node.isTextual()),
            Map.entry("integrations", node -> node.isObject() || node.isNull()),
            Map.entry("concurrencyLimit", node -> node.isNull() || node.isObject()
                    || node.isIntegralNumber() && node.canConvertToInt() && node.intValue() >= 1),
            Map.entry("queue", node -> node.isNull() || node.isTextual() && !node.asText().isBlank() || node.isObject()));

    private static final List<String> LIMITED_TEXT = List.of("id:100", "version:200", "name:1000", "event.name:200",
            "event.source:1000", "trigger.rule.source:1000");

    private static final List<String> INVALID_CRON = List.of("", " ", "* * *", "* * * * * * *", "61 * * * *",
            "* 25 * * *", "* * 32 * *", "* * * 13 *", "* * * * 8", "0 0 30 2 *", "@fortnightly", "@every 5m",
            "*/0 * * * *", "a b c d e", "-1 * * * *", "1-0 * * * *", "? * * * *", "0 0 0 * *", "\u0000 * * * *");

    private BadJobMetadata() {
    }

    /** Invalid JobMetadata documents. */
    static Arbitrary<Document> documents() {
        return Arbitraries.of(fixtureJobs()).flatMap(job ->
                mutation(job).list().ofMinSize(1).ofMaxSize(3).map(mutations -> {
                    ObjectNode document = job.deepCopy();
                    for (Mutation mutation : mutations) {
                        document = mutation.apply().apply(document);
                    }
                    return new Document(document, mutations.stream().map(Mutation::description).toList());
                }));
    }

    private static List<ObjectNode> fixtureJobs() {
        List<ObjectNode> jobs = new ArrayList<>();
        for (String index : List.of("index-a", "index-b", "index-integrations")) {
            Fixtures.index(index).get("jobs").forEach(job -> jobs.add((ObjectNode) job));
        }
        return jobs;
    }

    private static Arbitrary<Mutation> mutation(ObjectNode job) {
        List<String> present = REQUIRED.stream().filter(path -> at(job, path) != null).toList();
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of(present).map(BadJobMetadata::removed)),
                Tuple.of(2, Arbitraries.of(present).map(BadJobMetadata::nulled)),
                Tuple.of(5, wrongType()),
                Tuple.of(3, hugeText()),
                Tuple.of(2, nestedWhereAValueIsExpected()),
                Tuple.of(1, Arbitraries.just(new Mutation("an example payload nested deeper than any parser allows",
                        document -> set(document, "event.examples", JSON.arrayNode().add(JSON.objectNode()
                                .put("id", "deep").put("name", "Deep").put("payload", DEEP_MARKER)))))),
                Tuple.of(3, badUnicode()),
                Tuple.of(3, numbersOutOfRange()),
                Tuple.of(2, duplicateExampleIds()),
                Tuple.of(3, invalidCron()),
                Tuple.of(1, tooManyExamples()),
                Tuple.of(2, unknownEnumValues()));
    }

    private static Mutation removed(String path) {
        return new Mutation("removed required " + path, document -> {
            ObjectNode parent = parentOf(document, path);
            if (parent != null) {
                parent.remove(leaf(path));
            }
            return document;
        });
    }

    private static Mutation nulled(String path) {
        return new Mutation("null at required " + path, document -> setIfParent(document, path, JSON.nullNode()));
    }

    private static Arbitrary<Mutation> wrongType() {
        return Arbitraries.of(TYPED.keySet().stream().sorted().toList()).flatMap(path ->
                anyJson().filter(value -> !TYPED.get(path).test(value)).map(value ->
                        new Mutation("wrong type at " + path + ": " + abbreviated(value), document -> {
                            if (path.equals("queue")) {
                                document.remove("concurrencyLimit"); // which wins over queue (SPEC §5)
                            }
                            return set(document, path, value);
                        })));
    }

    private static Arbitrary<Mutation> hugeText() {
        return Combinators.combine(Arbitraries.of(LIMITED_TEXT), Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(7),
                Arbitraries.integers().between(1, 200_000)).as((limited, unit, extra) -> {
            String path = limited.substring(0, limited.indexOf(':'));
            int length = Integer.parseInt(limited.substring(limited.indexOf(':') + 1)) + extra;
            String text = unit.repeat(length / unit.length() + 1).substring(0, length);
            return new Mutation(length + " characters at " + path + " (limit " + (length - extra) + ")",
                    document -> set(document, path, JSON.textNode(text)));
        });
    }

    private static Arbitrary<Mutation> nestedWhereAValueIsExpected() {
        return Combinators.combine(Arbitraries.of("id", "version", "name", "event.name", "trigger.type", "enabled"),
                Arbitraries.integers().between(2, 900), Arbitraries.of("[", "{\"a\":")).as((path, depth, open) -> {
            JsonNode nested = Fixtures.parse("{\"v\":" + open.repeat(depth) + "1" + (open.equals("[") ? "]" : "}").repeat(depth) + "}").get("v");
            return new Mutation(depth + " levels of " + (open.equals("[") ? "arrays" : "objects") + " at " + path,
                    document -> set(document, path, nested));
        });
    }

    private static Arbitrary<Mutation> badUnicode() {
        Arbitrary<String> notAnId = Combinators.combine(Arbitraries.strings().alpha().ofMaxLength(10),
                Arbitraries.of("é", "ß", "你好", "🚀", "\u200b", "\u202e", "\u0301", " ", "/", "\ud800", "\udfff", "\u0000", "\ufeff"),
                Arbitraries.strings().alpha().ofMaxLength(10)).as((before, odd, after) -> before + odd + after);
        Arbitrary<Mutation> ids = notAnId.map(id -> new Mutation("id outside [a-zA-Z0-9._-]: " + escaped(id),
                document -> set(document, "id", JSON.textNode(id))));
        Arbitrary<Mutation> nuls = Combinators.combine(
                Arbitraries.of("name", "version", "event.name", "event.source", "trigger.rule.source"),
                Arbitraries.strings().all().ofMaxLength(20)).as((path, text) ->
                new Mutation("NUL character in " + path, document -> setIfParent(document, path, JSON.textNode(text + "\u0000" + text))));
        return Arbitraries.oneOf(ids, nuls);
    }

    private static Arbitrary<Mutation> numbersOutOfRange() {
        Arbitrary<JsonNode> notAPositiveInt = Arbitraries.oneOf(
                Arbitraries.integers().between(Integer.MIN_VALUE, 0).map(JSON::numberNode),
                Arbitraries.longs().between(Integer.MAX_VALUE + 1L, Long.MAX_VALUE).map(JSON::numberNode),
                Arbitraries.bigIntegers().between(BigInteger.TEN.pow(19), BigInteger.TEN.pow(40)).map(JSON::numberNode),
                Arbitraries.doubles().between(0.01, 1e6).filter(value -> value != Math.floor(value)).map(JSON::numberNode),
                Arbitraries.of(1e300, -0.5, 1.5).map(JSON::numberNode));
        Arbitrary<JsonNode> outsideInterval = Arbitraries.oneOf(
                Arbitraries.integers().between(Integer.MIN_VALUE, 19).map(JSON::numberNode),
                Arbitraries.integers().between(2_592_001, Integer.MAX_VALUE).map(JSON::numberNode),
                Arbitraries.longs().between(Integer.MAX_VALUE + 1L, Long.MAX_VALUE).map(JSON::numberNode),
                Arbitraries.doubles().between(20.01, 1e5).filter(value -> value != Math.floor(value)).map(JSON::numberNode));
        return Arbitraries.oneOf(
                notAPositiveInt.map(value -> new Mutation("concurrencyLimit " + value, document -> set(document, "concurrencyLimit", value))),
                notAPositiveInt.map(value -> new Mutation("concurrencyLimit.limit " + value, document ->
                        set(document, "concurrencyLimit", JSON.objectNode().put("id", "group").set("limit", value)))),
                notAPositiveInt.filter(value -> !(value.isIntegralNumber() && value.canConvertToInt() && value.intValue() == 0))
                        .map(value -> new Mutation("queue.maxConcurrent " + value, document -> {
                            document.remove("concurrencyLimit");
                            return set(document, "queue", JSON.objectNode().put("name", "q").set("maxConcurrent", value));
                        })),
                outsideInterval.map(value -> new Mutation("interval of " + value + " seconds",
                        document -> set(document, "trigger", intervalTrigger(value)))));
    }

    private static ObjectNode intervalTrigger(JsonNode seconds) {
        ObjectNode trigger = Fixtures.parse("{\"type\":\"scheduled\",\"schedule\":{\"type\":\"interval\",\"options\":{}}}");
        ((ObjectNode) trigger.get("schedule").get("options")).set("seconds", seconds);
        return trigger;
    }

    private static Arbitrary<Mutation> duplicateExampleIds() {
        return Combinators.combine(Arbitraries.integers().between(2, 20), Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(10))
                .as((count, id) -> new Mutation(count + " examples, two with id " + id, document -> {
                    ArrayNode examples = JSON.arrayNode();
                    for (int i = 0; i < count; i++) {
                        examples.add(JSON.objectNode().put("id", i < 2 ? id : id + i).put("name", "Example " + i));
                    }
                    return set(document, "event.examples", examples);
                }));
    }

    private static Arbitrary<Mutation> invalidCron() {
        Arbitrary<String> generated = Arbitraries.strings().withChars("0123456789*/,-?LW#ABCxyz ").ofMinLength(1).ofMaxLength(30)
                .filter(text -> text.trim().split("\\s+").length != 5);
        return Arbitraries.oneOf(Arbitraries.of(INVALID_CRON), generated).map(cron -> new Mutation("cron '" + escaped(cron) + "'",
                document -> set(document, "trigger", Fixtures.parse("{\"type\":\"scheduled\",\"schedule\":{\"type\":\"cron\"}}")
                        .set("schedule", Fixtures.parse("{\"type\":\"cron\",\"options\":{}}").set("options",
                                JSON.objectNode().put("cron", cron))))));
    }

    private static Arbitrary<Mutation> tooManyExamples() {
        return Arbitraries.integers().between(101, 10_000).edgeCases(edges -> edges.includeOnly(101, 10_000))
                .map(count -> new Mutation(count + " examples (limit 100)", document -> {
                    ArrayNode examples = JSON.arrayNode();
                    for (int i = 0; i < count; i++) {
                        examples.add(JSON.objectNode().put("id", "e" + i).put("name", "Example " + i));
                    }
                    return set(document, "event.examples", examples);
                }));
    }

    private static Arbitrary<Mutation> unknownEnumValues() {
        Arbitrary<String> word = Arbitraries.strings().alpha().ofMinLength(0).ofMaxLength(12);
        return Combinators.combine(Arbitraries.of("trigger.type", "startPosition", "trigger.schedule.type"), word)
                .as((path, value) -> Map.entry(path, value))
                .filter(entry -> !List.of("static", "scheduled", "dynamic", "invoke", "initial", "latest", "cron", "interval")
                        .contains(entry.getValue()))
                .map(entry -> new Mutation("unknown " + entry.getKey() + " '" + entry.getValue() + "'", document ->
                        entry.getKey().equals("trigger.schedule.type")
                                ? set(document, "trigger", Fixtures.parse("{\"type\":\"scheduled\",\"schedule\":{\"options\":{\"cron\":\"* * * * *\"}}}")
                                .set("schedule", Fixtures.parse("{\"options\":{\"cron\":\"* * * * *\"}}").put("type", entry.getValue())))
                                : set(document, entry.getKey(), JSON.textNode(entry.getValue()))));
    }

    /** Any JSON value, a few levels deep. */
    static Arbitrary<JsonNode> anyJson() {
        Arbitrary<JsonNode> scalars = Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(20).map(JSON::textNode),
                Arbitraries.integers().map(JSON::numberNode),
                Arbitraries.longs().map(JSON::numberNode),
                Arbitraries.doubles().map(JSON::numberNode),
                Arbitraries.of(true, false).map(JSON::booleanNode),
                Arbitraries.just(JSON.nullNode()));
        return Arbitraries.recursive(() -> scalars, inner -> Arbitraries.oneOf(
                inner.list().ofMaxSize(3).map(values -> {
                    ArrayNode array = JSON.arrayNode();
                    values.forEach(array::add);
                    return array;
                }),
                Combinators.combine(Arbitraries.strings().alpha().ofMaxLength(5), inner).as((key, value) -> {
                    ObjectNode object = JSON.objectNode();
                    object.set(key, value);
                    return object;
                })), 0, 2);
    }

    // ---- paths like "trigger.rule.source" in an ObjectNode ------------------------------------------

    static JsonNode at(JsonNode document, String path) {
        JsonNode node = document;
        for (String field : path.split("\\.")) {
            if (node == null || !node.isObject()) {
                return null;
            }
            node = node.get(field);
        }
        return node;
    }

    private static ObjectNode parentOf(ObjectNode document, String path) {
        int dot = path.lastIndexOf('.');
        JsonNode parent = dot < 0 ? document : at(document, path.substring(0, dot));
        return parent instanceof ObjectNode object ? object : null;
    }

    private static String leaf(String path) {
        return path.substring(path.lastIndexOf('.') + 1);
    }

    /** Sets the value, replacing any ancestor that is not an object by one. */
    private static ObjectNode set(ObjectNode document, String path, JsonNode value) {
        ObjectNode node = document;
        String[] fields = path.split("\\.");
        for (int i = 0; i < fields.length - 1; i++) {
            JsonNode child = node.get(fields[i]);
            if (!(child instanceof ObjectNode)) {
                child = JSON.objectNode();
                node.set(fields[i], child);
            }
            node = (ObjectNode) child;
        }
        node.set(fields[fields.length - 1], value);
        return document;
    }

    /** Sets the value where its parent exists; otherwise sets the top-level field to it (also invalid). */
    private static ObjectNode setIfParent(ObjectNode document, String path, JsonNode value) {
        ObjectNode parent = parentOf(document, path);
        if (parent != null) {
            parent.set(leaf(path), value);
        } else {
            document.set(path.substring(0, path.indexOf('.')), value);
        }
        return document;
    }

    static String abbreviated(JsonNode value) {
        String text = value.toString();
        return text.length() <= 60 ? text : text.substring(0, 60) + "…";
    }

    static String escaped(String text) {
        StringBuilder escaped = new StringBuilder();
        text.chars().forEach(c -> escaped.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", c) : String.valueOf((char) c)));
        return escaped.length() <= 80 ? escaped.toString() : escaped.substring(0, 80) + "…";
    }
}
