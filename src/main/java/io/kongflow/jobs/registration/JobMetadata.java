package io.kongflow.jobs.registration;

import com.fasterxml.jackson.databind.JsonNode;
import io.kongflow.jobs.persistence.AuthSource;
import io.kongflow.jobs.persistence.StartPosition;
import java.util.List;

/**
 * A validated trigger.dev v2 {@code JobMetadata}: the registration input, with both SDK
 * generations' queue forms resolved and defaults applied. Built only by {@link MetadataReader}.
 */
public record JobMetadata(
        String slug,
        String title,
        String version,
        JsonNode eventSpecification,
        String eventSource,
        List<String> eventNames,
        List<Example> examples,
        Trigger trigger,
        JsonNode triggerSpecification,
        List<IntegrationUse> integrations,
        boolean internal,
        boolean enabled,
        StartPosition startPosition,
        boolean preprocessRuns,
        QueueChoice queue,
        String contentHash) {

    /** An example payload of the job's event; {@code id} is its slug within the version. */
    public record Example(String id, String name, String icon, JsonNode payload) {}

    /** An integration the job uses under {@code key}, resolved by the organization's slug {@code id}. */
    public record IntegrationUse(
            String key,
            String id,
            String definitionId,
            String definitionName,
            String instructions,
            AuthSource authSource) {}

    /** The queue a version runs on, and the limit the code gives it (the default when it gives none). */
    public record QueueChoice(String name, int maxJobs) {
        public static final String DEFAULT_NAME = "default";
        public static final int DEFAULT_MAX_JOBS = 100;
    }

    /** What starts the job. */
    public sealed interface Trigger {}

    /** Events matching a rule. */
    public record StaticTrigger(
            List<String> events,
            String source,
            JsonNode payloadFilter,
            JsonNode contextFilter,
            JsonNode properties,
            String link,
            JsonNode help)
            implements Trigger {}

    /** A cron expression or an interval; {@code schedule} is the SDK's {type, options} object. */
    public record ScheduledTrigger(
            JsonNode schedule, String cron, Integer intervalSeconds, JsonNode metadata, String accountId)
            implements Trigger {}

    /** A trigger registered at run time by the user's code. */
    public record DynamicTrigger(String id) implements Trigger {}

    /** Only explicit invocations. */
    public record InvokeTrigger() implements Trigger {}
}
