package io.kongflow.jobs.adversarial;

import static io.kongflow.jobs.adversarial.Generators.alpha;
import static io.kongflow.jobs.adversarial.Generators.anyChars;
import static io.kongflow.jobs.adversarial.Generators.between;
import static io.kongflow.jobs.adversarial.Generators.booleans;
import static io.kongflow.jobs.adversarial.Generators.of;
import static io.kongflow.jobs.adversarial.Generators.oneOf;
import static io.kongflow.jobs.adversarial.Generators.strings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kongflow.jobs.support.Fixtures;
import io.kongflow.jobs.support.OpenApiOperations.Operation;
import io.kongflow.jobs.support.PopulatedTenant;
import io.kongflow.jobs.support.Tenants;
import io.kongflow.jobs.support.ValidBodies;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Bad requests to the write operations of the OpenAPI document, aimed at a {@link PopulatedTenant}'s
 * real objects: for registration, invalid JobMetadata ({@link BadJobMetadata}); for every other body,
 * the operation's own valid body broken against its schema in the document, carrying a bad
 * JobMetadata's fields besides; for every body, non-JSON, the wrong content type, the wrong top-level
 * type, too deep a nesting and an oversized body (with and without a length); header parameters out of
 * their documented bounds; for operations without a body, a garbage path parameter.
 */
final class BadRequests {

    /** One request, and how it was made (printed when it fails). */
    record BadRequest(
            Operation operation,
            String path,
            String contentType,
            Map<String, String> headers,
            byte[] body,
            boolean chunked,
            String description) {
        @Override
        public String toString() {
            return operation.method() + " " + path + " [" + (contentType == null ? "no content type" : contentType)
                    + (chunked ? ", chunked" : "") + ", " + (body == null ? "no" : body.length) + " bytes" + "]: "
                    + description;
        }
    }

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final int MAX_BODY = 1024 * 1024;
    private static final String APPLICATION_JSON = "application/json";

    private final PopulatedTenant target;
    private final JsonNode document;

    BadRequests(PopulatedTenant target, JsonNode openApiDocument) {
        this.target = target;
        this.document = openApiDocument;
    }

    /** Bad requests to the operations, each operation as likely as the next. */
    Gen<BadRequest> to(List<Operation> operations) {
        return oneOf(operations.stream().map(this::to).toList());
    }

    private Gen<BadRequest> to(Operation operation) {
        if (!operation.hasBody()) {
            return garbagePathParameter(operation);
        }
        String path = target.paths().expand(operation.path());
        if (operation.operationId().equals("storeValue")) {
            return storeValue(operation, path);
        }
        Gen<BadRequest> invalidJson = invalidBody(operation)
                .map(body -> request(operation, path, APPLICATION_JSON, body.json(), false, body.description()));
        List<Pair<Integer, Gen<BadRequest>>> kinds = new ArrayList<>(List.of(
                Pair.of(12, invalidJson),
                Pair.of(2, notJson(operation, path)),
                Pair.of(2, wrongContentType(operation, path)),
                Pair.of(1, wrongTopLevelType(operation, path)),
                Pair.of(1, oversized(operation, path)),
                Pair.of(1, tooDeep(operation, path))));
        List<Gen<BadRequest>> headers = badHeaders(operation, path);
        if (!headers.isEmpty()) {
            kinds.add(Pair.of(2, oneOf(headers)));
        }
        return Generate.frequency(kinds);
    }

    /** A header parameter of the document out of its length bounds, with an otherwise valid request. */
    private List<Gen<BadRequest>> badHeaders(Operation operation, String path) {
        List<Gen<BadRequest>> bad = new ArrayList<>();
        for (JsonNode parameter : document.at(
                "/paths/" + pointer(operation.path()) + "/" + operation.method().toLowerCase() + "/parameters")) {
            if (!parameter.path("in").asText().equals("header")) {
                continue;
            }
            String name = parameter.get("name").asText();
            JsonNode schema = parameter.path("schema");
            List<Gen<String>> values = new ArrayList<>();
            if (schema.has("maxLength")) {
                int max = schema.get("maxLength").asInt();
                values.add(alpha(1, 5)
                        .zip(
                                between(max + 1, max + 5_000),
                                (unit, length) ->
                                        unit.repeat(length / unit.length() + 1).substring(0, length)));
            }
            if (schema.path("minLength").asInt(0) > 0) {
                values.add(Generate.constant(""));
            }
            if (!values.isEmpty()) {
                bad.add(oneOf(values).map(value -> {
                    Map<String, String> headers = new HashMap<>(headers(operation));
                    headers.put(name, value);
                    return new BadRequest(
                            operation,
                            path,
                            APPLICATION_JSON,
                            Map.copyOf(headers),
                            ValidBodies.of(operation).getBytes(StandardCharsets.UTF_8),
                            false,
                            "header " + name + " of " + value.length() + " characters");
                }));
            }
        }
        return bad;
    }

    /** A JSON body that breaks the operation's rules, and what breaks it. */
    private record Body(String json, String description) {}

    private Gen<Body> invalidBody(Operation operation) {
        Gen<BadJobMetadata.Document> metadata = BadJobMetadata.documents();
        return switch (operation.operationId()) {
            case "registerJob" ->
                metadata.map(bad -> new Body(serialised(bad.json()), "JobMetadata: " + bad.mutations()));
            // The envelope: an invalid job inside a valid one is that job's failure in a 200 report.
            case "syncEndpointJobs" ->
                oneOf(
                        metadata.map(bad -> new Body(serialised(bad.json()), "a JobMetadata instead of {jobs: [...]}")),
                        BadJobMetadata.anyJson()
                                .assuming(jobs -> !jobs.isArray() && !jobs.isNull())
                                .map(jobs -> new Body(
                                        "{\"jobs\":" + jobs + "}", "jobs is " + BadJobMetadata.abbreviated(jobs))),
                        Generate.constant(new Body("{\"jobs\":null}", "jobs is null")));
            // Any JSON is a raw output (no Trigger-Version): only the JSON, size and content-type cases can
            // be wrong, and the path's task is unknown, so a body of any shape must still be a 404 writing nothing.
            case "completeTask", "taskCallback", "runTaskCallback" ->
                metadata.map(bad -> new Body(serialised(bad.json()), "a JobMetadata as the output of an unknown task"));
            default ->
                metadata.zip(schemaViolation(operation), (bad, violation) -> {
                    ObjectNode body = bad.json();
                    ObjectNode valid = Fixtures.parse(ValidBodies.of(operation));
                    valid.fieldNames().forEachRemaining(body::remove);
                    body.setAll(valid);
                    return new Body(
                            serialised(violation.apply().apply(body)),
                            violation.description() + ", with a bad JobMetadata's fields " + bad.mutations());
                });
        };
    }

    /** A change that breaks the operation's request schema. */
    private record Violation(String description, UnaryOperator<ObjectNode> apply) {}

    private Gen<Violation> schemaViolation(Operation operation) {
        JsonNode schema = resolve(document.at("/paths/" + pointer(operation.path()) + "/"
                + operation.method().toLowerCase() + "/requestBody/content/application~1json/schema"));
        List<Gen<Violation>> violations = violations(schema, "");
        if (violations.isEmpty()) {
            throw new AssertionError(
                    "The request schema of " + operation + " has no rule to break: add a case to BadRequests");
        }
        return oneOf(violations);
    }

    private List<Gen<Violation>> violations(JsonNode schema, String prefix) {
        List<Gen<Violation>> violations = new ArrayList<>();
        Gen<JsonNode> anyJson = BadJobMetadata.anyJson();
        List<String> required = new ArrayList<>();
        schema.path("required").forEach(name -> required.add(name.asText()));
        for (Iterator<Map.Entry<String, JsonNode>> properties =
                        schema.path("properties").fields();
                properties.hasNext(); ) {
            Map.Entry<String, JsonNode> property = properties.next();
            String name = property.getKey();
            String path = prefix + name;
            JsonNode rules = property.getValue();
            if (required.contains(name)) {
                violations.add(
                        Generate.constant(new Violation("required " + path + " removed", body -> remove(body, path))));
                violations.add(Generate.constant(
                        new Violation("required " + path + " null", body -> put(body, path, JSON.nullNode()))));
            }
            JsonNode object = objectSchema(rules);
            if (object != null) {
                violations.add(anyJson.assuming(value -> !value.isObject() && !value.isNull())
                        .map(value -> new Violation(
                                path + " is " + BadJobMetadata.abbreviated(value), body -> put(body, path, value))));
                violations.addAll(violations(object, path + "."));
                continue;
            }
            String type = typeOf(rules);
            if (type == null) {
                continue; // any JSON value: nothing to break but its depth (see tooDeep)
            }
            violations.add(anyJson.assuming(value -> !value.isNull() && !hasType(value, type))
                    .map(value -> new Violation(
                            path + " (" + type + ") is " + BadJobMetadata.abbreviated(value),
                            body -> put(body, path, value))));
            if (rules.has("maxLength")) {
                int max = rules.get("maxLength").asInt();
                violations.add(between(max + 1, max + 50_000)
                        .map(length -> new Violation(
                                path + " of " + length + " characters (limit " + max + ")",
                                body -> put(body, path, JSON.textNode("x".repeat(length))))));
            }
            if (rules.has("pattern")) {
                String pattern = rules.get("pattern").asText();
                Gen<String> breaking = pattern.equals("\\S")
                        ? strings(" \t\n", 0, 5)
                        : alpha(0, 10).map(text -> " !é" + text + " ");
                violations.add(breaking.map(text -> new Violation(
                        path + " '" + BadJobMetadata.escaped(text) + "' breaks " + pattern,
                        body -> put(body, path, JSON.textNode(text)))));
            }
            if (rules.has("enum")
                    || rules.path("items").has("enum")
                    || "date-time".equals(rules.path("format").asText())) {
                violations.add(alpha(0, 12)
                        .map(text -> text + "?")
                        .map(text -> new Violation(
                                path + " '" + text + "' is no allowed value",
                                body -> put(
                                        body,
                                        path,
                                        type.equals("array") ? JSON.arrayNode().add(text) : JSON.textNode(text)))));
            }
            if (rules.has("minimum")) {
                long min = rules.get("minimum").asLong();
                violations.add(between(Long.MIN_VALUE, min - 1)
                        .map(value -> new Violation(
                                path + " " + value + " < " + min, body -> put(body, path, JSON.numberNode(value)))));
            }
            if (rules.has("maximum")) {
                long max = rules.get("maximum").asLong();
                violations.add(between(max + 1, Long.MAX_VALUE)
                        .map(value -> new Violation(
                                path + " " + value + " > " + max, body -> put(body, path, JSON.numberNode(value)))));
            }
            if (type.equals("array") && rules.path("minItems").asInt(0) > 0
                    || required.contains(name) && type.equals("array")) {
                violations.add(
                        Generate.constant(new Violation(path + " empty", body -> put(body, path, JSON.arrayNode()))));
            }
        }
        return violations;
    }

    private Gen<BadRequest> notJson(Operation operation, String path) {
        String valid = ValidBodies.of(operation);
        Gen<String> text = oneOf(
                        // A proper, non-empty prefix of an object is never JSON (an empty body means "no body").
                        between(1, valid.length() - 1).map(cut -> valid.substring(0, cut)),
                        anyChars(1, 200)
                                .map(garbage -> valid + garbage)
                                .assuming(garbage ->
                                        !garbage.substring(valid.length()).isBlank()),
                        of(
                                "{'id': 'x'}",
                                "<job id=\"x\"/>",
                                "{\"a\":1,}",
                                "[1,2",
                                "NaN",
                                "{\"a\" 1}",
                                "undefined",
                                "{\"a\":\"\\x\"}",
                                "{\"a\":01}",
                                "\u0000",
                                "{\"a\":1}{\"b\":2}",
                                "// comment\n{}"),
                        anyChars(1, 300))
                // Whitespace (and a byte order mark) alone is an empty body: "no body", not bad JSON.
                .assuming(candidate -> !candidate.replace("\ufeff", "").isBlank());
        Gen<byte[]> bytes = oneOf(
                text.map(value -> value.getBytes(StandardCharsets.UTF_8)),
                Generate.byteArrays(between(1, 300), Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0))
                        .map(raw -> {
                            raw[0] = (byte) 0xC3; // never valid JSON: starts with a truncated UTF-8 sequence
                            return raw;
                        }));
        return bytes.zip(
                booleans(),
                (body, chunked) -> new BadRequest(
                        operation, path, APPLICATION_JSON, headers(operation), body, chunked, "not JSON"));
    }

    private Gen<BadRequest> wrongContentType(Operation operation, String path) {
        return of(
                        "text/plain",
                        "application/xml",
                        "application/x-www-form-urlencoded",
                        "multipart/form-data; boundary=x",
                        "application/octet-stream",
                        "text/html",
                        "image/png",
                        "application/jsonx",
                        "json",
                        "application/problem+xml")
                .map(type -> request(operation, path, type, ValidBodies.of(operation), false, "content type " + type));
    }

    private Gen<BadRequest> wrongTopLevelType(Operation operation, String path) {
        boolean optionalBody = resolve(document.at("/paths/" + pointer(operation.path()) + "/"
                                + operation.method().toLowerCase() + "/requestBody/content/application~1json/schema"))
                        .path("required")
                        .isEmpty()
                && !operation.operationId().equals("registerJob")
                && !operation.operationId().equals("syncEndpointJobs");
        // An operation whose fields are all optional reads no body and JSON null as "all defaults".
        Gen<BadRequest> notAnObject = BadJobMetadata.anyJson()
                .assuming(value -> !value.isObject() && !(optionalBody && value.isNull()))
                .map(value -> request(
                        operation,
                        path,
                        APPLICATION_JSON,
                        value.toString(),
                        false,
                        "a " + value.getNodeType() + " instead of an object"));
        return optionalBody
                ? notAnObject
                : oneOf(
                        notAnObject,
                        Generate.constant(request(operation, path, APPLICATION_JSON, "", false, "no body")));
    }

    private Gen<BadRequest> oversized(Operation operation, String path) {
        return between(1, MAX_BODY / 2).zip(booleans(), (extra, chunked) -> {
            String body = "{\"padding\":\"" + "p".repeat(MAX_BODY + extra) + "\"}";
            return request(operation, path, APPLICATION_JSON, body, chunked, "oversized by " + extra + " bytes");
        });
    }

    /**
     * The store's body is any text (the SDK sends its JSON as {@code text/plain}): what breaks it is a
     * NUL character, a value over 262 144 characters (413) and a body over the limit.
     */
    private Gen<BadRequest> storeValue(Operation operation, String path) {
        Gen<BadRequest> nul = alpha(0, 40)
                .zip(
                        alpha(0, 40),
                        (before, after) -> request(
                                operation,
                                path,
                                "text/plain",
                                before + "\u0000" + after,
                                false,
                                "a NUL character in the value"));
        Gen<BadRequest> overLimit = between(1, 100_000)
                .zip(
                        booleans(),
                        (extra, chunked) -> request(
                                operation,
                                path,
                                "text/plain",
                                "v".repeat(256 * 1024 + extra),
                                chunked,
                                "a value " + extra + " characters over 262 144"));
        return Generate.frequency(
                List.of(Pair.of(3, nul), Pair.of(2, overLimit), Pair.of(1, oversized(operation, path))));
    }

    private Gen<BadRequest> tooDeep(Operation operation, String path) {
        return between(1_001, 50_000)
                .zip(
                        of("[", "{\"a\":"),
                        (depth, open) -> request(
                                operation,
                                path,
                                APPLICATION_JSON,
                                deep(depth, open),
                                false,
                                depth + " levels of nesting"));
    }

    private Gen<BadRequest> garbagePathParameter(Operation operation) {
        List<String> parameters = new ArrayList<>();
        Matcher matcher = Pattern.compile("\\{([^}]+)}").matcher(operation.path());
        while (matcher.find()) {
            parameters.add(matcher.group(1));
        }
        if (parameters.isEmpty()) {
            throw new AssertionError(
                    operation + " takes neither a body nor a path parameter: add a case to BadRequests");
        }
        // A store key names a value in the caller's own store, and a registration key one of the
        // caller's registrations: any key within its rules is a valid one (a DELETE of an unknown
        // one answers deleted: false, or ok: true), so only keys that break the rules are garbage.
        Gen<String> withNul = alpha(0, 20).zip(alpha(0, 20), (before, after) -> before + "\u0000" + after);
        Gen<String> storeKeys = oneOf(
                withNul,
                alpha(1, 8).zip(between(2049, 2800), (unit, length) -> unit.repeat(length / unit.length() + 1)));
        boolean store = operation.path().startsWith("/api/v1/store/");
        boolean registration = operation.operationId().equals("unregisterSchedule");
        Gen<String[]> values =
                anyGarbage().zip(storeKeys, withNul, (any, storeKey, nul) -> new String[] {any, storeKey, nul});
        return of(parameters).zip(values, BadJobMetadata.documents(), (parameter, choices, bad) -> {
            String value = store ? choices[1] : registration && parameter.equals("key") ? choices[2] : choices[0];
            String path = target.paths()
                    .expand(
                            operation.path(),
                            parameter,
                            URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20"));
            return request(
                    operation,
                    path,
                    APPLICATION_JSON,
                    serialised(bad.json()),
                    false,
                    "{" + parameter + "} = '" + BadJobMetadata.escaped(value) + "'");
        });
    }

    private static Gen<String> anyGarbage() {
        Gen<String> unknownId = between(Long.MIN_VALUE, Long.MAX_VALUE)
                .zip(between(Long.MIN_VALUE, Long.MAX_VALUE), (high, low) -> new UUID(high, low).toString());
        return oneOf(
                anyChars(1, 100),
                alpha(1, 8).map(unit -> unit.repeat(150)),
                oneOf(
                        unknownId,
                        of(
                                "..",
                                ".",
                                "%",
                                "null",
                                "undefined",
                                "0",
                                "-1",
                                "' OR '1'='1",
                                "00000000-0000-0000-0000-000000000000",
                                "\u0000",
                                "latest",
                                "*")));
    }

    private BadRequest request(
            Operation operation, String path, String contentType, String body, boolean chunked, String description) {
        return new BadRequest(
                operation,
                path,
                contentType,
                headers(operation),
                body.getBytes(StandardCharsets.UTF_8),
                chunked,
                description);
    }

    private Map<String, String> headers(Operation operation) {
        return Map.of("Authorization", operation.isAdmin() ? "Bearer " + Tenants.ADMIN_TOKEN : target.tenant.bearer());
    }

    // ---- JSON helpers --------------------------------------------------------------------------------

    private static String serialised(ObjectNode document) {
        return document.toString().replace("\"" + BadJobMetadata.DEEP_MARKER + "\"", deep(1_500, "["));
    }

    private static String deep(int depth, String open) {
        return open.repeat(depth) + "1" + (open.equals("[") ? "]" : "}").repeat(depth);
    }

    private JsonNode resolve(JsonNode schema) {
        if (schema.has("$ref")) {
            return resolve(document.at(schema.get("$ref").asText().substring(1)));
        }
        return schema;
    }

    /** The object schema a property refers to ({@code $ref}, or {@code anyOf [$ref, null]}), else null. */
    private JsonNode objectSchema(JsonNode rules) {
        List<JsonNode> candidates = new ArrayList<>();
        candidates.add(rules);
        rules.path("anyOf").forEach(candidates::add);
        for (JsonNode candidate : candidates) {
            JsonNode resolved = resolve(candidate);
            if (resolved.has("properties")) {
                return resolved;
            }
        }
        return null;
    }

    /** The one non-null type a property declares, else null (any JSON value). */
    private static String typeOf(JsonNode rules) {
        JsonNode type = rules.get("type");
        if (type == null) {
            return null;
        }
        if (type.isTextual()) {
            return type.asText();
        }
        for (JsonNode each : type) {
            if (!each.asText().equals("null")) {
                return each.asText();
            }
        }
        return null;
    }

    private static boolean hasType(JsonNode value, String type) {
        return switch (type) {
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            case "array" -> value.isArray();
            case "object" -> value.isObject();
            default -> true;
        };
    }

    private static String pointer(String path) {
        return path.replace("~", "~0").replace("/", "~1");
    }

    private static ObjectNode put(ObjectNode body, String path, JsonNode value) {
        ObjectNode node = body;
        String[] fields = path.split("\\.");
        for (int i = 0; i < fields.length - 1; i++) {
            if (!(node.get(fields[i]) instanceof ObjectNode)) {
                node.set(fields[i], JSON.objectNode());
            }
            node = (ObjectNode) node.get(fields[i]);
        }
        node.set(fields[fields.length - 1], value);
        return body;
    }

    /** Removes the field; a nested one is made missing inside its parent, which is created if absent. */
    private static ObjectNode remove(ObjectNode body, String path) {
        ObjectNode parent = body;
        String[] fields = path.split("\\.");
        for (int i = 0; i < fields.length - 1; i++) {
            JsonNode child = parent.get(fields[i]);
            if (!(child instanceof ObjectNode)) {
                child = JSON.objectNode();
                parent.set(fields[i], child);
            }
            parent = (ObjectNode) child;
        }
        parent.remove(fields[fields.length - 1]);
        return body;
    }
}
