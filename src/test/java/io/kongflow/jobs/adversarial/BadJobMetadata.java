package io.kongflow.jobs.adversarial;

import static io.kongflow.jobs.adversarial.Generators.ALPHA;
import static io.kongflow.jobs.adversarial.Generators.DIGITS;
import static io.kongflow.jobs.adversarial.Generators.alpha;
import static io.kongflow.jobs.adversarial.Generators.anyChars;
import static io.kongflow.jobs.adversarial.Generators.between;
import static io.kongflow.jobs.adversarial.Generators.booleans;
import static io.kongflow.jobs.adversarial.Generators.lists;
import static io.kongflow.jobs.adversarial.Generators.of;
import static io.kongflow.jobs.adversarial.Generators.oneOf;
import static io.kongflow.jobs.adversarial.Generators.strings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kongflow.jobs.support.Fixtures;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.quicktheories.generators.SourceDSL;

/**
 * trigger.dev v2 JobMetadata documents that are wrong in every way registration refuses (a required
 * field missing or null, a wrong type, oversized text, nesting where a value belongs, bad Unicode, a
 * number out of range, duplicate or too many examples, an invalid cron, an unknown enum value), made by mutating
 * the real SDK fixtures: each document gets one to three mutations, each of which alone makes it
 * invalid (so no combination can make it valid again).
 */
final class BadJobMetadata {

    /** Replaced, in the serialised document, by a nesting too deep to be a value of any field. */
    static final String DEEP_MARKER = "__deeply_nested__";

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final BigInteger TEN_TO_THE_19 = BigInteger.TEN.pow(19);
    private static final BigInteger TEN_TO_THE_40 = BigInteger.TEN.pow(40);

    /** One change that makes a document invalid, and what it did (printed when a case fails). */
    record Mutation(String description, UnaryOperator<ObjectNode> apply) {}

    /** A mutated document, and the mutations that made it. */
    record Document(ObjectNode json, List<String> mutations) {}

    private static final List<String> REQUIRED = List.of(
            "id",
            "name",
            "version",
            "event",
            "trigger",
            "event.name",
            "event.source",
            "trigger.type",
            "trigger.rule",
            "trigger.rule.event",
            "trigger.rule.source",
            "trigger.schedule",
            "trigger.schedule.type",
            "trigger.schedule.options");

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
            Map.entry(
                    "startPosition",
                    node -> node.isNull()
                            || "initial".equals(node.asText()) && node.isTextual()
                            || "latest".equals(node.asText()) && node.isTextual()),
            Map.entry("integrations", node -> node.isObject() || node.isNull()),
            Map.entry(
                    "concurrencyLimit",
                    node -> node.isNull()
                            || node.isObject()
                            || node.isIntegralNumber() && node.canConvertToInt() && node.intValue() >= 1),
            Map.entry(
                    "queue",
                    node -> node.isNull() || node.isTextual() && !node.asText().isBlank() || node.isObject()));

    private static final List<String> LIMITED_TEXT = List.of(
            "id:100", "version:200", "name:1000", "event.name:200", "event.source:1000", "trigger.rule.source:1000");

    private static final List<String> INVALID_CRON = List.of(
            "",
            " ",
            "* * *",
            "* * * * * * *",
            "61 * * * *",
            "* 25 * * *",
            "* * 32 * *",
            "* * * 13 *",
            "* * * * 8",
            "0 0 30 2 *",
            "@fortnightly",
            "@every 5m",
            "*/0 * * * *",
            "a b c d e",
            "-1 * * * *",
            "1-0 * * * *",
            "? * * * *",
            "0 0 0 * *",
            "\u0000 * * * *");

    private BadJobMetadata() {}

    /** Invalid JobMetadata documents. */
    static Gen<Document> documents() {
        return oneOf(fixtureJobs().stream()
                .map(job -> lists(mutation(job), 1, 3).map(mutations -> {
                    ObjectNode document = job.deepCopy();
                    for (Mutation mutation : mutations) {
                        document = mutation.apply().apply(document);
                    }
                    return new Document(
                            document,
                            mutations.stream().map(Mutation::description).toList());
                }))
                .toList());
    }

    private static List<ObjectNode> fixtureJobs() {
        List<ObjectNode> jobs = new ArrayList<>();
        for (String index : List.of("index-a", "index-b", "index-integrations")) {
            Fixtures.index(index).get("jobs").forEach(job -> jobs.add((ObjectNode) job));
        }
        return jobs;
    }

    private static Gen<Mutation> mutation(ObjectNode job) {
        List<String> present =
                REQUIRED.stream().filter(path -> at(job, path) != null).toList();
        return Generate.frequency(List.of(
                Pair.of(3, of(present).map(BadJobMetadata::removed)),
                Pair.of(2, of(present).map(BadJobMetadata::nulled)),
                Pair.of(5, wrongType()),
                Pair.of(3, hugeText()),
                Pair.of(2, nestedWhereAValueIsExpected()),
                Pair.of(
                        1,
                        Generate.constant(new Mutation(
                                "an example payload nested deeper than any parser allows",
                                document -> set(
                                        document,
                                        "event.examples",
                                        JSON.arrayNode()
                                                .add(JSON.objectNode()
                                                        .put("id", "deep")
                                                        .put("name", "Deep")
                                                        .put("payload", DEEP_MARKER)))))),
                Pair.of(3, badUnicode()),
                Pair.of(3, numbersOutOfRange()),
                Pair.of(2, duplicateExampleIds()),
                Pair.of(3, invalidCron()),
                Pair.of(1, tooManyExamples()),
                Pair.of(2, unknownEnumValues())));
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

    private static Gen<Mutation> wrongType() {
        Gen<JsonNode> anyJson = anyJson();
        return of(TYPED.keySet().stream().sorted().toList())
                .flatMap(path -> anyJson.assuming(value -> !TYPED.get(path).test(value))
                        .map(value -> new Mutation("wrong type at " + path + ": " + abbreviated(value), document -> {
                            if (path.equals("queue")) {
                                document.remove(
                                        "concurrencyLimit"); // a concurrencyLimit, when present, wins over queue
                            }
                            return set(document, path, value);
                        })));
    }

    private static Gen<Mutation> hugeText() {
        return of(LIMITED_TEXT).zip(strings(ALPHA + DIGITS, 1, 7), between(1, 200_000), (limited, unit, extra) -> {
            String path = limited.substring(0, limited.indexOf(':'));
            int length = Integer.parseInt(limited.substring(limited.indexOf(':') + 1)) + extra;
            String text = unit.repeat(length / unit.length() + 1).substring(0, length);
            // Where the path's parent is missing (trigger.rule of a scheduled job), a field that is read
            // gets the text instead: a rule of a trigger type that has none would be ignored, not refused.
            return new Mutation(
                    length + " characters at " + path + " (limit " + (length - extra) + ")",
                    document -> setIfParent(document, path, JSON.textNode(text)));
        });
    }

    private static Gen<Mutation> nestedWhereAValueIsExpected() {
        Gen<String> paths = of("id", "version", "name", "event.name", "trigger.type", "enabled");
        return paths.zip(between(2, 900), of("[", "{\"a\":"), (path, depth, open) -> {
            JsonNode nested = Fixtures.parse(
                            "{\"v\":" + open.repeat(depth) + "1" + (open.equals("[") ? "]" : "}").repeat(depth) + "}")
                    .get("v");
            return new Mutation(
                    depth + " levels of " + (open.equals("[") ? "arrays" : "objects") + " at " + path,
                    document -> set(document, path, nested));
        });
    }

    private static Gen<Mutation> badUnicode() {
        Gen<String> notAnId = alpha(0, 10)
                .zip(
                        of(
                                "é", "ß", "你好", "🚀", "\u200b", "\u202e", "\u0301", " ", "/", "\ud800", "\udfff",
                                "\u0000", "\ufeff"),
                        alpha(0, 10),
                        (before, odd, after) -> before + odd + after);
        Gen<Mutation> ids = notAnId.map(id -> new Mutation(
                "id outside [a-zA-Z0-9._-]: " + escaped(id), document -> set(document, "id", JSON.textNode(id))));
        Gen<Mutation> nuls = of("name", "version", "event.name", "event.source", "trigger.rule.source")
                .zip(
                        anyChars(0, 20),
                        (path, text) -> new Mutation(
                                "NUL character in " + path,
                                document -> setIfParent(document, path, JSON.textNode(text + "\u0000" + text))));
        return oneOf(ids, nuls);
    }

    private static Gen<Mutation> numbersOutOfRange() {
        Gen<JsonNode> notAPositiveInt = oneOf(
                between(Integer.MIN_VALUE, 0).map(JSON::numberNode),
                between(Integer.MAX_VALUE + 1L, Long.MAX_VALUE).map(JSON::numberNode),
                bigIntegersBetween(TEN_TO_THE_19, TEN_TO_THE_40).map(JSON::numberNode),
                fractions(0.01, 1e6).map(JSON::numberNode),
                of(1e300, -0.5, 1.5).map(JSON::numberNode));
        Gen<JsonNode> outsideInterval = oneOf(
                between(Integer.MIN_VALUE, 19).map(JSON::numberNode),
                between(2_592_001, Integer.MAX_VALUE).map(JSON::numberNode),
                between(Integer.MAX_VALUE + 1L, Long.MAX_VALUE).map(JSON::numberNode),
                fractions(20.01, 1e5).map(JSON::numberNode));
        return oneOf(
                notAPositiveInt.map(value -> new Mutation(
                        "concurrencyLimit " + value, document -> set(document, "concurrencyLimit", value))),
                notAPositiveInt.map(value -> new Mutation(
                        "concurrencyLimit.limit " + value,
                        document -> set(
                                document,
                                "concurrencyLimit",
                                JSON.objectNode().put("id", "group").set("limit", value)))),
                notAPositiveInt
                        .assuming(value ->
                                !(value.isIntegralNumber() && value.canConvertToInt() && value.intValue() == 0))
                        .map(value -> new Mutation("queue.maxConcurrent " + value, document -> {
                            document.remove("concurrencyLimit");
                            return set(
                                    document,
                                    "queue",
                                    JSON.objectNode().put("name", "q").set("maxConcurrent", value));
                        })),
                outsideInterval.map(value -> new Mutation(
                        "interval of " + value + " seconds",
                        document -> set(document, "trigger", intervalTrigger(value)))));
    }

    /** Whole numbers from min to max (inclusive). */
    private static Gen<BigInteger> bigIntegersBetween(BigInteger min, BigInteger max) {
        BigInteger span = max.subtract(min).add(BigInteger.ONE);
        int bytes = span.bitLength() / 8 + 2; // a little wider than the span, so the remainder is near uniform
        return SourceDSL.bigIntegers()
                .ofBytes(bytes)
                .map(value -> value.abs().mod(span).add(min));
    }

    /** Numbers with two decimals, not whole, from min to max. */
    private static Gen<Double> fractions(double min, double max) {
        return between(Math.round(min * 100), Math.round(max * 100))
                .map(hundredths -> hundredths / 100.0)
                .assuming(value -> value != Math.floor(value));
    }

    private static ObjectNode intervalTrigger(JsonNode seconds) {
        ObjectNode trigger =
                Fixtures.parse("{\"type\":\"scheduled\",\"schedule\":{\"type\":\"interval\",\"options\":{}}}");
        ((ObjectNode) trigger.get("schedule").get("options")).set("seconds", seconds);
        return trigger;
    }

    private static Gen<Mutation> duplicateExampleIds() {
        return between(2, 20)
                .zip(
                        alpha(1, 10),
                        (count, id) -> new Mutation(count + " examples, two with id " + id, document -> {
                            ArrayNode examples = JSON.arrayNode();
                            for (int i = 0; i < count; i++) {
                                examples.add(JSON.objectNode()
                                        .put("id", i < 2 ? id : id + i)
                                        .put("name", "Example " + i));
                            }
                            return set(document, "event.examples", examples);
                        }));
    }

    private static Gen<Mutation> invalidCron() {
        Gen<String> generated = strings("0123456789*/,-?LW#ABCxyz ", 1, 30)
                .assuming(text -> text.trim().split("\\s+").length != 5);
        return oneOf(of(INVALID_CRON), generated)
                .map(cron -> new Mutation(
                        "cron '" + escaped(cron) + "'",
                        document -> set(
                                document,
                                "trigger",
                                Fixtures.parse("{\"type\":\"scheduled\",\"schedule\":{\"type\":\"cron\"}}")
                                        .set(
                                                "schedule",
                                                Fixtures.parse("{\"type\":\"cron\",\"options\":{}}")
                                                        .set(
                                                                "options",
                                                                JSON.objectNode()
                                                                        .put("cron", cron))))));
    }

    private static Gen<Mutation> tooManyExamples() {
        return between(101, 10_000)
                .map(count -> new Mutation(count + " examples (limit 100)", document -> {
                    ArrayNode examples = JSON.arrayNode();
                    for (int i = 0; i < count; i++) {
                        examples.add(JSON.objectNode().put("id", "e" + i).put("name", "Example " + i));
                    }
                    return set(document, "event.examples", examples);
                }));
    }

    private static Gen<Mutation> unknownEnumValues() {
        return of("trigger.type", "startPosition", "trigger.schedule.type")
                .zip(alpha(0, 12), Map::entry)
                .assuming(entry -> !List.of(
                                "static", "scheduled", "dynamic", "invoke", "initial", "latest", "cron", "interval")
                        .contains(entry.getValue()))
                .map(entry -> new Mutation(
                        "unknown " + entry.getKey() + " '" + entry.getValue() + "'",
                        document -> entry.getKey().equals("trigger.schedule.type")
                                ? set(
                                        document,
                                        "trigger",
                                        Fixtures.parse(
                                                        "{\"type\":\"scheduled\",\"schedule\":{\"options\":{\"cron\":\"* * * * *\"}}}")
                                                .set(
                                                        "schedule",
                                                        Fixtures.parse("{\"options\":{\"cron\":\"* * * * *\"}}")
                                                                .put("type", entry.getValue())))
                                : set(document, entry.getKey(), JSON.textNode(entry.getValue()))));
    }

    /** Any JSON value, nested zero to two levels deep. */
    static Gen<JsonNode> anyJson() {
        List<Gen<JsonNode>> levels = new ArrayList<>(List.of(jsonScalars()));
        for (int depth = 1; depth <= 2; depth++) {
            Gen<JsonNode> inner = levels.get(depth - 1);
            levels.add(oneOf(
                    lists(inner, 0, 3).map(values -> {
                        ArrayNode array = JSON.arrayNode();
                        values.forEach(array::add);
                        return array;
                    }),
                    alpha(0, 5).zip(inner, (key, value) -> {
                        ObjectNode object = JSON.objectNode();
                        object.set(key, value);
                        return object;
                    })));
        }
        return oneOf(levels);
    }

    private static Gen<JsonNode> jsonScalars() {
        return oneOf(
                anyChars(0, 20).map(JSON::textNode),
                between(Integer.MIN_VALUE, Integer.MAX_VALUE).map(JSON::numberNode),
                between(Long.MIN_VALUE, Long.MAX_VALUE).map(JSON::numberNode),
                oneOf(
                                between(Long.MIN_VALUE, Long.MAX_VALUE).map(hundredths -> hundredths / 100.0),
                                between(Long.MIN_VALUE, Long.MAX_VALUE)
                                        .map(Double::longBitsToDouble)
                                        .assuming(Double::isFinite))
                        .map(JSON::numberNode),
                booleans().map(JSON::booleanNode),
                Generate.constant(JSON.nullNode()));
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

    /** The value as JSON, control and non-ASCII characters escaped (a report cut at a lone surrogate says nothing). */
    static String abbreviated(JsonNode value) {
        String text = escaped(value.toString());
        return text.length() <= 60 ? text : text.substring(0, 60) + "…";
    }

    static String escaped(String text) {
        StringBuilder escaped = new StringBuilder();
        text.chars()
                .forEach(c ->
                        escaped.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", c) : String.valueOf((char) c)));
        return escaped.length() <= 80 ? escaped.toString() : escaped.substring(0, 80) + "…";
    }
}
