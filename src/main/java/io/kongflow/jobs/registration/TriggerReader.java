package io.kongflow.jobs.registration;

import com.fasterxml.jackson.databind.JsonNode;
import io.kongflow.jobs.registration.JobMetadata.DynamicTrigger;
import io.kongflow.jobs.registration.JobMetadata.InvokeTrigger;
import io.kongflow.jobs.registration.JobMetadata.ScheduledTrigger;
import io.kongflow.jobs.registration.JobMetadata.StaticTrigger;
import io.kongflow.jobs.registration.JobMetadata.Trigger;
import java.util.List;

/** Reads and validates the {@code trigger} of a JobMetadata: static, scheduled, dynamic or invoke. */
public final class TriggerReader {

    static final int MIN_INTERVAL_SECONDS = 20;
    static final int MAX_INTERVAL_SECONDS = 2_592_000;

    private final FieldReader fields;

    TriggerReader(FieldReader fields) {
        this.fields = fields;
    }

    /** The trigger of a stored version, validated when the version was registered. */
    public static Trigger stored(JsonNode trigger) {
        FieldReader fields = new FieldReader("");
        Trigger parsed = new TriggerReader(fields).read(trigger);
        if (fields.failed()) {
            throw new IllegalStateException("Stored trigger is invalid: " + fields.errors());
        }
        return parsed;
    }

    /** The trigger, or null with the reasons collected in the field reader. */
    Trigger read(JsonNode node) {
        if (fields.requiredObject(node, "trigger") == null) {
            return null;
        }
        String type = fields.text(node, "trigger.type", "type", true);
        if (type == null) {
            return null;
        }
        return switch (type) {
            case "static" -> staticTrigger(node);
            case "scheduled" -> scheduledTrigger(node);
            case "dynamic" -> new DynamicTrigger(fields.text(node, "trigger.id", "id", true));
            case "invoke" -> new InvokeTrigger();
            default -> {
                fields.error("trigger.type", "must be one of static, scheduled, dynamic, invoke");
                yield null;
            }
        };
    }

    private StaticTrigger staticTrigger(JsonNode node) {
        JsonNode rule = fields.requiredObject(node.get("rule"), "trigger.rule");
        if (rule == null) {
            return null;
        }
        List<String> events = fields.names(rule.get("event"), "trigger.rule.event");
        String source = fields.text(rule, "trigger.rule.source", "source", true);
        JsonNode payload = fields.object(rule.get("payload"), "trigger.rule.payload");
        JsonNode context = fields.object(rule.get("context"), "trigger.rule.context");
        JsonNode properties = fields.array(node.get("properties"), "trigger.properties");
        String link = fields.text(node, "trigger.link", "link", false);
        JsonNode help = fields.object(node.get("help"), "trigger.help");
        return new StaticTrigger(events, source, payload, context, properties, link, help);
    }

    private ScheduledTrigger scheduledTrigger(JsonNode node) {
        JsonNode schedule = fields.requiredObject(node.get("schedule"), "trigger.schedule");
        if (schedule == null) {
            return null;
        }
        String type = fields.text(schedule, "trigger.schedule.type", "type", true);
        JsonNode options = fields.requiredObject(schedule.get("options"), "trigger.schedule.options");
        if (options == null) {
            return null;
        }
        String cron = null;
        Integer seconds = null;
        if ("cron".equals(type)) {
            cron = fields.text(options, "trigger.schedule.options.cron", "cron", true);
            if (cron != null) {
                ScheduleCalculator.cronProblem(cron)
                        .ifPresent(problem -> fields.error("trigger.schedule.options.cron", problem));
            }
        } else if ("interval".equals(type)) {
            seconds = intervalSeconds(options.get("seconds"));
        } else if (type != null) {
            fields.error("trigger.schedule.type", "must be cron or interval");
        }
        String accountId = fields.text(node, "trigger.accountId", "accountId", false);
        JsonNode metadata = node.get("metadata");
        return new ScheduledTrigger(
                schedule, cron, seconds, FieldReader.present(metadata) ? metadata : null, accountId);
    }

    private Integer intervalSeconds(JsonNode value) {
        String path = "trigger.schedule.options.seconds";
        if (!FieldReader.present(value) || !value.canConvertToInt() || !value.isIntegralNumber()) {
            fields.error(path, FieldReader.present(value) ? "must be a whole number" : "is required");
            return null;
        }
        if (value.intValue() < MIN_INTERVAL_SECONDS || value.intValue() > MAX_INTERVAL_SECONDS) {
            fields.error(path, "must be between " + MIN_INTERVAL_SECONDS + " and " + MAX_INTERVAL_SECONDS);
            return null;
        }
        return value.intValue();
    }
}
