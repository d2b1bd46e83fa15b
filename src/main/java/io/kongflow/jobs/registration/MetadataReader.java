package io.kongflow.jobs.registration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kongflow.jobs.persistence.AuthSource;
import io.kongflow.jobs.persistence.StartPosition;
import io.kongflow.jobs.problem.InvalidInput;
import io.kongflow.jobs.problem.Problem.FieldError;
import io.kongflow.jobs.registration.JobMetadata.DynamicTrigger;
import io.kongflow.jobs.registration.JobMetadata.Example;
import io.kongflow.jobs.registration.JobMetadata.IntegrationUse;
import io.kongflow.jobs.registration.JobMetadata.InvokeTrigger;
import io.kongflow.jobs.registration.JobMetadata.QueueChoice;
import io.kongflow.jobs.registration.JobMetadata.ScheduledTrigger;
import io.kongflow.jobs.registration.JobMetadata.StaticTrigger;
import io.kongflow.jobs.registration.JobMetadata.Trigger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and validates a trigger.dev v2 JobMetadata document (SPEC §3), collecting every offending
 * path before failing, so that one 400 answer names them all. Unknown fields are ignored.
 */
public final class MetadataReader {

    static final int MIN_INTERVAL_SECONDS = 20;
    static final int MAX_INTERVAL_SECONDS = 2_592_000;
    private static final Pattern JOB_ID = Pattern.compile("^[a-zA-Z0-9._-]{1,100}$");
    private static final int MAX_TEXT = 1_000;
    /** Values that are part of a unique key stay well inside PostgreSQL's index row limit. */
    private static final int MAX_IDENTIFIER = 200;

    private static final int MAX_EXAMPLES = 100;
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

    private final List<FieldError> errors = new ArrayList<>();
    private final String prefix;

    private MetadataReader(String prefix) {
        this.prefix = prefix;
    }

    /** The validated metadata, or an {@link InvalidInput} naming every offending path. */
    public static JobMetadata read(JsonNode document) {
        return read(document, "");
    }

    /** As {@link #read(JsonNode)}, with paths prefixed (such as {@code jobs[3].}). */
    public static JobMetadata read(JsonNode document, String pathPrefix) {
        MetadataReader reader = new MetadataReader(pathPrefix);
        JobMetadata metadata = reader.metadata(document);
        if (!reader.errors.isEmpty()) {
            throw new InvalidInput(reader.errors);
        }
        return metadata;
    }

    private JobMetadata metadata(JsonNode root) {
        if (root == null || !root.isObject()) {
            error("", "must be a JSON object (a trigger.dev JobMetadata)");
            return null;
        }
        String slug = text(root, "id", true);
        if (slug != null && !JOB_ID.matcher(slug).matches()) {
            error("id", "must be 1-100 letters, digits, '.', '_' or '-'");
        }
        String title = text(root, "name", true);
        String version = identifier(root, "version", "version");
        JsonNode event = root.get("event");
        List<String> eventNames = List.of();
        String eventSource = null;
        List<Example> examples = List.of();
        ObjectNode eventSpecification = null;
        if (present(event) && event.isObject()) {
            eventNames = names(event.get("name"), "event.name");
            eventSource = text(event, "event.source", "source", true);
            text(event, "event.title", "title", false);
            text(event, "event.icon", "icon", false);
            examples = examples(event.get("examples"));
            eventSpecification = event.deepCopy();
            eventSpecification.remove("examples");
        } else {
            error("event", present(event) ? "must be an object" : "is required");
        }
        Trigger trigger = trigger(root.get("trigger"));
        List<IntegrationUse> integrations = integrations(root.get("integrations"));
        boolean internal = bool(root, "internal", false);
        boolean enabled = bool(root, "enabled", true);
        boolean preprocessRuns = bool(root, "preprocessRuns", false);
        StartPosition startPosition = startPosition(root.get("startPosition"));
        QueueChoice queue = queue(root, slug);
        if (!errors.isEmpty()) {
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

    /** The trigger of a stored version, validated when the version was registered. */
    public static Trigger storedTrigger(JsonNode trigger) {
        MetadataReader reader = new MetadataReader("trigger.");
        Trigger parsed = reader.trigger(trigger);
        if (!reader.errors.isEmpty()) {
            throw new IllegalStateException("Stored trigger is invalid: " + reader.errors);
        }
        return parsed;
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
        if (!present(node)) {
            return List.of();
        }
        if (!node.isArray()) {
            error("event.examples", "must be an array");
            return List.of();
        }
        if (node.size() > MAX_EXAMPLES) {
            error("event.examples", "must have at most " + MAX_EXAMPLES + " examples");
            return List.of();
        }
        List<Example> examples = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            String path = "event.examples[" + i + "]";
            JsonNode example = node.get(i);
            if (!example.isObject()) {
                error(path, "must be an object");
                continue;
            }
            String id = identifier(example, path + ".id", "id");
            String name = text(example, path + ".name", "name", true);
            String icon = text(example, path + ".icon", "icon", false);
            if (id != null && !ids.add(id)) {
                error(path + ".id", "duplicates the example id '" + id + "'");
            }
            JsonNode payload = example.get("payload");
            examples.add(new Example(id, name, icon, present(payload) ? payload : null));
        }
        return examples;
    }

    private Trigger trigger(JsonNode node) {
        if (!present(node) || !node.isObject()) {
            error("trigger", present(node) ? "must be an object" : "is required");
            return null;
        }
        String type = text(node, "trigger.type", "type", true);
        if (type == null) {
            return null;
        }
        return switch (type) {
            case "static" -> staticTrigger(node);
            case "scheduled" -> scheduledTrigger(node);
            case "dynamic" -> new DynamicTrigger(text(node, "trigger.id", "id", true));
            case "invoke" -> new InvokeTrigger();
            default -> {
                error("trigger.type", "must be one of static, scheduled, dynamic, invoke");
                yield null;
            }
        };
    }

    private StaticTrigger staticTrigger(JsonNode node) {
        JsonNode rule = node.get("rule");
        if (!present(rule) || !rule.isObject()) {
            error("trigger.rule", present(rule) ? "must be an object" : "is required");
            return null;
        }
        List<String> events = names(rule.get("event"), "trigger.rule.event");
        String source = text(rule, "trigger.rule.source", "source", true);
        JsonNode payload = object(rule.get("payload"), "trigger.rule.payload");
        JsonNode context = object(rule.get("context"), "trigger.rule.context");
        JsonNode properties = node.get("properties");
        if (present(properties) && !properties.isArray()) {
            error("trigger.properties", "must be an array");
        }
        String link = text(node, "trigger.link", "link", false);
        JsonNode help = object(node.get("help"), "trigger.help");
        return new StaticTrigger(events, source, payload, context, present(properties) ? properties : null, link, help);
    }

    private ScheduledTrigger scheduledTrigger(JsonNode node) {
        JsonNode schedule = node.get("schedule");
        if (!present(schedule) || !schedule.isObject()) {
            error("trigger.schedule", present(schedule) ? "must be an object" : "is required");
            return null;
        }
        String type = text(schedule, "trigger.schedule.type", "type", true);
        JsonNode options = schedule.get("options");
        if (!present(options) || !options.isObject()) {
            error("trigger.schedule.options", present(options) ? "must be an object" : "is required");
            return null;
        }
        String cron = null;
        Integer seconds = null;
        if ("cron".equals(type)) {
            cron = text(options, "trigger.schedule.options.cron", "cron", true);
            if (cron != null) {
                ScheduleCalculator.cronProblem(cron)
                        .ifPresent(problem -> error("trigger.schedule.options.cron", problem));
            }
        } else if ("interval".equals(type)) {
            JsonNode value = options.get("seconds");
            if (!present(value) || !value.canConvertToInt() || !value.isIntegralNumber()) {
                error("trigger.schedule.options.seconds", present(value) ? "must be a whole number" : "is required");
            } else if (value.intValue() < MIN_INTERVAL_SECONDS || value.intValue() > MAX_INTERVAL_SECONDS) {
                error(
                        "trigger.schedule.options.seconds",
                        "must be between " + MIN_INTERVAL_SECONDS + " and " + MAX_INTERVAL_SECONDS);
            } else {
                seconds = value.intValue();
            }
        } else if (type != null) {
            error("trigger.schedule.type", "must be cron or interval");
        }
        String accountId = text(node, "trigger.accountId", "accountId", false);
        JsonNode metadata = node.get("metadata");
        return new ScheduledTrigger(schedule, cron, seconds, present(metadata) ? metadata : null, accountId);
    }

    private List<IntegrationUse> integrations(JsonNode node) {
        if (!present(node)) {
            return List.of();
        }
        if (!node.isObject()) {
            error("integrations", "must be an object");
            return List.of();
        }
        List<IntegrationUse> integrations = new ArrayList<>();
        node.fields().forEachRemaining(entry -> {
            String path = "integrations." + entry.getKey();
            JsonNode config = entry.getValue();
            if (!config.isObject()) {
                error(path, "must be an object");
                return;
            }
            if (entry.getKey().isBlank()
                    || entry.getKey().length() > MAX_IDENTIFIER
                    || entry.getKey().indexOf('\u0000') >= 0) {
                error("integrations", "keys must be 1-" + MAX_IDENTIFIER + " characters");
                return;
            }
            String id = identifier(config, path + ".id", "id");
            JsonNode definition = config.get("metadata");
            String definitionId = null;
            String definitionName = null;
            String instructions = null;
            if (present(definition) && definition.isObject()) {
                definitionId = identifier(definition, path + ".metadata.id", "id");
                definitionName = text(definition, path + ".metadata.name", "name", true);
                instructions = text(definition, path + ".metadata.instructions", "instructions", false);
            } else {
                error(path + ".metadata", present(definition) ? "must be an object" : "is required");
            }
            AuthSource authSource = authSource(config.get("authSource"), path + ".authSource");
            integrations.add(
                    new IntegrationUse(entry.getKey(), id, definitionId, definitionName, instructions, authSource));
        });
        // A stable order keeps concurrent registrations taking integration row locks in the same order.
        integrations.sort(Comparator.comparing(IntegrationUse::key));
        return integrations;
    }

    private AuthSource authSource(JsonNode node, String path) {
        if (!present(node) || !node.isTextual()) {
            error(path, present(node) ? "must be HOSTED, LOCAL or RESOLVER" : "is required");
            return null;
        }
        try {
            return AuthSource.valueOf(node.textValue());
        } catch (IllegalArgumentException e) {
            error(path, "must be HOSTED, LOCAL or RESOLVER");
            return null;
        }
    }

    private StartPosition startPosition(JsonNode node) {
        if (!present(node)) {
            return StartPosition.INITIAL;
        }
        if (node.isTextual() && ("initial".equals(node.textValue()) || "latest".equals(node.textValue()))) {
            return StartPosition.valueOf(node.textValue().toUpperCase());
        }
        error("startPosition", "must be initial or latest");
        return null;
    }

    /** SPEC §5: concurrencyLimit (SDK 2.3) wins over queue (SDK 2.0); neither means the default queue. */
    private QueueChoice queue(JsonNode root, String slug) {
        JsonNode limit = root.get("concurrencyLimit");
        if (present(limit)) {
            if (limit.isIntegralNumber()) {
                if (!limit.canConvertToInt() || limit.intValue() < 1) {
                    error("concurrencyLimit", "must be a positive whole number");
                    return null;
                }
                return new QueueChoice("job/" + slug, limit.intValue());
            }
            if (limit.isObject()) {
                String id = identifier(limit, "concurrencyLimit.id", "id");
                Integer max = positive(limit.get("limit"), "concurrencyLimit.limit", true);
                return max == null ? null : new QueueChoice("group/" + id, max);
            }
            error("concurrencyLimit", "must be a positive whole number or {id, limit}");
            return null;
        }
        JsonNode queue = root.get("queue");
        if (!present(queue)) {
            return new QueueChoice(QueueChoice.DEFAULT_NAME, QueueChoice.DEFAULT_MAX_JOBS);
        }
        if (queue.isTextual()) {
            return new QueueChoice(
                    limited(nonBlank(queue.textValue(), "queue"), "queue", MAX_IDENTIFIER),
                    QueueChoice.DEFAULT_MAX_JOBS);
        }
        if (queue.isObject()) {
            String name = identifier(queue, "queue.name", "name");
            JsonNode max = queue.get("maxConcurrent");
            if (present(max) && max.isIntegralNumber() && max.canConvertToInt() && max.intValue() == 0) {
                return new QueueChoice(name, QueueChoice.DEFAULT_MAX_JOBS);
            }
            Integer limitValue = positive(max, "queue.maxConcurrent", false);
            return new QueueChoice(name, limitValue == null ? QueueChoice.DEFAULT_MAX_JOBS : limitValue);
        }
        error("queue", "must be a name or {name, maxConcurrent}");
        return null;
    }

    private Integer positive(JsonNode node, String path, boolean required) {
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

    private List<String> names(JsonNode node, String path) {
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

    private JsonNode object(JsonNode node, String path) {
        if (!present(node)) {
            return null;
        }
        if (!node.isObject()) {
            error(path, "must be an object");
            return null;
        }
        return node;
    }

    private boolean bool(JsonNode root, String field, boolean fallback) {
        JsonNode node = root.get(field);
        if (!present(node)) {
            return fallback;
        }
        if (!node.isBoolean()) {
            error(field, "must be true or false");
            return fallback;
        }
        return node.booleanValue();
    }

    private String text(JsonNode parent, String field, boolean required) {
        return text(parent, field, field, required);
    }

    private String text(JsonNode parent, String path, String field, boolean required) {
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
        return required ? nonBlank(node.textValue(), path) : limited(node.textValue(), path);
    }

    private String identifier(JsonNode parent, String path, String field) {
        String value = text(parent, path, field, true);
        return value == null ? null : limited(value, path, MAX_IDENTIFIER);
    }

    private String nonBlank(String value, String path) {
        if (value.isBlank()) {
            error(path, "must not be empty");
            return null;
        }
        return limited(value, path);
    }

    private String limited(String value, String path) {
        return limited(value, path, MAX_TEXT);
    }

    private String limited(String value, String path, int max) {
        if (value == null) {
            return null;
        }
        if (value.length() > max) {
            error(path, "must be at most " + max + " characters");
            return null;
        }
        if (value.indexOf('\u0000') >= 0) {
            error(path, "must not contain the NUL character");
            return null;
        }
        return value;
    }

    private static boolean present(JsonNode node) {
        return node != null && !node.isNull() && !node.isMissingNode();
    }

    private void error(String path, String message) {
        errors.add(new FieldError(prefix + path, message));
    }
}
