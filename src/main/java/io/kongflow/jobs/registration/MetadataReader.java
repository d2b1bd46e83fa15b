package io.kongflow.jobs.registration;

import static io.kongflow.jobs.registration.FieldReader.present;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kongflow.jobs.persistence.StartPosition;
import io.kongflow.jobs.problem.InvalidInput;
import io.kongflow.jobs.registration.JobMetadata.Example;
import io.kongflow.jobs.registration.JobMetadata.IntegrationUse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads and validates a trigger.dev v2 JobMetadata document, naming every offending path at once. */
public final class MetadataReader {

    private static final Pattern JOB_ID = Pattern.compile("^[a-zA-Z0-9._-]{1,100}$");
    private static final int MAX_EXAMPLES = 100;
    /** Only known fields are hashed, so a field a newer SDK adds does not make an unchanged job look modified. */
    private static final List<String> HASHED_FIELDS = List.of(
            "id",
            "name",
            "version",
            "event",
            "trigger",
            "integrations",
            "internal",
            "enabled",
            "startPosition",
            "preprocessRuns",
            "queue",
            "concurrencyLimit");

    private final FieldReader fields;

    private MetadataReader(String prefix) {
        this.fields = new FieldReader(prefix);
    }

    /** The validated metadata, or an {@link InvalidInput} naming every offending path. */
    public static JobMetadata read(JsonNode document) {
        return read(document, "");
    }

    /** As {@link #read(JsonNode)}, with paths prefixed (such as {@code jobs[3].}). */
    public static JobMetadata read(JsonNode document, String pathPrefix) {
        MetadataReader reader = new MetadataReader(pathPrefix);
        JobMetadata metadata = reader.metadata(document);
        reader.fields.throwIfFailed();
        return metadata;
    }

    private JobMetadata metadata(JsonNode root) {
        if (root == null || !root.isObject()) {
            fields.error("", "must be a JSON object (a trigger.dev JobMetadata)");
            return null;
        }
        String slug = fields.text(root, "id", true);
        if (slug != null && !JOB_ID.matcher(slug).matches()) {
            fields.error("id", "must be 1-100 letters, digits, '.', '_' or '-'");
        }
        String title = fields.text(root, "name", true);
        String version = fields.identifier(root, "version", "version");
        JsonNode event = fields.requiredObject(root.get("event"), "event");
        List<String> eventNames = List.of();
        String eventSource = null;
        List<Example> examples = List.of();
        ObjectNode eventSpecification = null;
        if (event != null) {
            eventNames = fields.names(event.get("name"), "event.name");
            eventSource = fields.text(event, "event.source", "source", true);
            fields.text(event, "event.title", "title", false);
            fields.text(event, "event.icon", "icon", false);
            examples = examples(event.get("examples"));
            eventSpecification = event.deepCopy();
            eventSpecification.remove("examples");
        }
        JobMetadata.Trigger trigger = new TriggerReader(fields).read(root.get("trigger"));
        List<IntegrationUse> integrations = IntegrationReader.read(fields, root.get("integrations"));
        boolean internal = fields.bool(root, "internal", false);
        boolean enabled = fields.bool(root, "enabled", true);
        boolean preprocessRuns = fields.bool(root, "preprocessRuns", false);
        StartPosition startPosition = startPosition(root.get("startPosition"));
        JobMetadata.QueueChoice queue = QueueReader.read(fields, root, slug);
        if (fields.failed()) {
            return null;
        }
        return new JobMetadata(
                slug,
                title,
                version,
                eventSpecification,
                eventSource,
                eventNames,
                examples,
                trigger,
                root.get("trigger"),
                integrations,
                internal,
                enabled,
                startPosition,
                preprocessRuns,
                queue,
                contentHash(root));
    }

    private static String contentHash(JsonNode root) {
        ObjectNode known = JsonNodeFactory.instance.objectNode();
        for (String field : HASHED_FIELDS) {
            if (present(root.get(field))) {
                known.set(field, root.get(field));
            }
        }
        return CanonicalJson.hash(known);
    }

    private List<Example> examples(JsonNode node) {
        if (fields.array(node, "event.examples") == null) {
            return List.of();
        }
        if (node.size() > MAX_EXAMPLES) {
            fields.error("event.examples", "must have at most " + MAX_EXAMPLES + " examples");
            return List.of();
        }
        List<Example> examples = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            String path = "event.examples[" + i + "]";
            JsonNode example = node.get(i);
            if (!example.isObject()) {
                fields.error(path, "must be an object");
                continue;
            }
            String id = fields.identifier(example, path + ".id", "id");
            String name = fields.text(example, path + ".name", "name", true);
            String icon = fields.text(example, path + ".icon", "icon", false);
            if (id != null && !ids.add(id)) {
                fields.error(path + ".id", "duplicates the example id '" + id + "'");
            }
            JsonNode payload = example.get("payload");
            examples.add(new Example(id, name, icon, present(payload) ? payload : null));
        }
        return examples;
    }

    private StartPosition startPosition(JsonNode node) {
        if (!present(node)) {
            return StartPosition.INITIAL;
        }
        if (node.isTextual() && ("initial".equals(node.textValue()) || "latest".equals(node.textValue()))) {
            return StartPosition.valueOf(node.textValue().toUpperCase());
        }
        fields.error("startPosition", "must be initial or latest");
        return null;
    }
}
