package io.kongflow.jobs.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.kongflow.jobs.problem.InvalidInput;
import io.kongflow.jobs.registration.MetadataReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The contract's JobMetadata schema and {@link MetadataReader} agree: every job of the real SDK
 * fixtures and every example of the registration bodies passes both, and each broken variant is
 * refused by both. (A cron expression that can never fire is the reader's alone to refuse.)
 */
class JobMetadataSchemaTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path CONTRACT = Path.of("src/test/openapi/kongflow-jobs.json");
    private static final Path FIXTURES = Path.of("src/test/resources/fixtures/sdk-2.3.18");

    private final JsonNode contract = read(CONTRACT);
    private final JsonSchema jobMetadata = schema("JobMetadata");
    private final JsonSchema jobList = schema("JobMetadataList");

    @Test
    void theRegistrationBodiesAreTypedByTheSchema() {
        JsonNode jobs = contract.at("/paths/~1api~1v1~1endpoints~1{slug}~1jobs");
        assertEquals(
                "#/components/schemas/JobMetadata",
                jobs.at("/post/requestBody/content/application~1json/schema/$ref")
                        .asText());
        assertEquals(
                "#/components/schemas/JobMetadataList",
                jobs.at("/put/requestBody/content/application~1json/schema/$ref")
                        .asText());
        JsonNode trigger = contract.at("/components/schemas/JobTrigger");
        assertEquals("type", trigger.at("/discriminator/propertyName").asText());
        assertEquals(4, trigger.get("oneOf").size());
    }

    @Test
    void everySdkFixtureJobAndEveryExampleIsValidForBoth() {
        Map<String, JsonNode> valid = validDocuments();
        assertTrue(valid.size() >= 12, "fixtures missing: " + valid.keySet());
        List<String> disagreements = new ArrayList<>();
        valid.forEach((name, job) -> {
            Set<ValidationMessage> schemaErrors = jobMetadata.validate(job);
            if (!schemaErrors.isEmpty()) {
                disagreements.add(name + ": the schema refuses it: " + schemaErrors);
            }
            if (!readerAccepts(job)) {
                disagreements.add(name + ": the reader refuses it");
            }
        });
        contract.at("/paths/~1api~1v1~1endpoints~1{slug}~1jobs/put/requestBody/content/application~1json/examples")
                .forEach(example -> {
                    Set<ValidationMessage> errors = jobList.validate(example.get("value"));
                    if (!errors.isEmpty()) {
                        disagreements.add("the sync example: the schema refuses it: " + errors);
                    }
                });
        assertTrue(disagreements.isEmpty(), String.join("\n", disagreements));
    }

    @Test
    void everyBrokenVariantIsRefusedByBoth() {
        JsonNode scheduled = validDocuments().values().stream()
                .filter(job -> job.at("/trigger/type").asText().equals("scheduled"))
                .findFirst()
                .orElseThrow();
        Map<String, Consumer<ObjectNode>> breakages = new LinkedHashMap<>();
        breakages.put("no event", job -> job.remove("event"));
        breakages.put("no trigger", job -> job.remove("trigger"));
        breakages.put("no version", job -> job.remove("version"));
        breakages.put("blank name", job -> job.put("name", "  "));
        breakages.put("an id with a space", job -> job.put("id", "a b"));
        breakages.put("an unknown trigger type", job -> trigger(job).put("type", "weekly"));
        breakages.put("a trigger without type", job -> trigger(job).remove("type"));
        breakages.put(
                "a static trigger without rule", job -> trigger(job).removeAll().put("type", "static"));
        breakages.put(
                "a dynamic trigger without id", job -> trigger(job).removeAll().put("type", "dynamic"));
        breakages.put(
                "an interval under 20 s",
                job -> trigger(job)
                        .removeAll()
                        .put("type", "scheduled")
                        .set("schedule", object("{\"type\":\"interval\",\"options\":{\"seconds\":5}}")));
        breakages.put(
                "a schedule of unknown type",
                job -> trigger(job)
                        .removeAll()
                        .put("type", "scheduled")
                        .set("schedule", object("{\"type\":\"weekly\",\"options\":{}}")));
        breakages.put("concurrencyLimit 0", job -> job.put("concurrencyLimit", 0));
        breakages.put("concurrencyLimit without limit", job -> job.set("concurrencyLimit", object("{\"id\":\"g\"}")));
        breakages.put("a queue without name", job -> job.set("queue", object("{\"maxConcurrent\":3}")));
        breakages.put("a queue of the wrong type", job -> job.put("queue", true));
        breakages.put(
                "an unknown auth source",
                job -> job.set(
                        "integrations",
                        object(
                                "{\"crm\":{\"id\":\"crm\",\"metadata\":{\"id\":\"c\",\"name\":\"C\"},\"authSource\":\"X\"}}")));
        breakages.put("an unknown start position", job -> job.put("startPosition", "middle"));
        breakages.put("enabled as a string", job -> job.put("enabled", "yes"));
        breakages.put("an event without source", job -> ((ObjectNode) job.get("event")).remove("source"));
        breakages.put(
                "an empty list of event names",
                job -> ((ObjectNode) job.get("event")).set("name", JSON.createArrayNode()));
        breakages.put(
                "an example without id",
                job -> ((ObjectNode) job.get("event"))
                        .set("examples", JSON.createArrayNode().add(object("{\"name\":\"n\"}"))));
        List<String> disagreements = new ArrayList<>();
        breakages.forEach((name, breakage) -> {
            ObjectNode job = scheduled.deepCopy();
            breakage.accept(job);
            boolean schema = jobMetadata.validate(job).isEmpty();
            boolean reader = readerAccepts(job);
            if (schema || reader) {
                disagreements.add(
                        name + ": accepted by " + (schema ? "the schema " : "") + (reader ? "the reader" : ""));
            }
        });
        assertTrue(disagreements.isEmpty(), String.join("\n", disagreements));
    }

    /** Every job of every fixture index, and the registration examples of the contract. */
    private Map<String, JsonNode> validDocuments() {
        Map<String, JsonNode> documents = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(FIXTURES)) {
            files.sorted().forEach(file -> {
                ArrayNode jobs = (ArrayNode) read(file).get("jobs");
                for (int i = 0; i < jobs.size(); i++) {
                    documents.put(file + " jobs[" + i + "]", jobs.get(i));
                }
            });
        } catch (IOException e) {
            throw new IllegalStateException(FIXTURES + " is not readable", e);
        }
        contract.at("/paths/~1api~1v1~1endpoints~1{slug}~1jobs/post/requestBody/content/application~1json/examples")
                .fields()
                .forEachRemaining(example -> documents.put(
                        "the example '" + example.getKey() + "'",
                        example.getValue().get("value")));
        return documents;
    }

    private static boolean readerAccepts(JsonNode job) {
        try {
            MetadataReader.read(job);
            return true;
        } catch (InvalidInput refused) {
            return false;
        }
    }

    private static ObjectNode trigger(ObjectNode job) {
        return (ObjectNode) job.get("trigger");
    }

    private static ObjectNode object(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException(json, e);
        }
    }

    /** The named schema of the contract, its references resolved within the contract. */
    private JsonSchema schema(String name) {
        ObjectNode root = JSON.createObjectNode();
        root.put("$ref", "#/components/schemas/" + name);
        root.set("components", contract.get("components"));
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(root);
    }

    private static JsonNode read(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalStateException(file + " is not readable", e);
        }
    }
}
