package io.kongflow.jobs.registration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.kongflow.jobs.persistence.NativeSql;
import io.kongflow.jobs.registration.JobMetadata.ScheduledTrigger;
import io.kongflow.jobs.registration.JobMetadata.StaticTrigger;
import io.kongflow.jobs.registration.JobMetadata.Trigger;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Step 7: the job's one dispatcher in the environment follows the version {@code latest} names and
 * is rewritten in full from that version's trigger (no stale filter, flag or schedule survives).
 * A registration of a lower version leaves it alone: it still reflects the latest one.
 */
@ApplicationScoped
public class DispatcherReset {

    static final String SCHEDULED_EVENT = "dev.trigger.scheduled";
    static final String SCHEDULED_SOURCE = "trigger.dev";

    private static final String UPSERT_DISPATCHER = """
            INSERT INTO event_dispatchers (environment_id, dispatchable_id, dispatchable, event, source,
                payload_filter, context_filter, manual, enabled)
            VALUES (:environmentId, :dispatchableId, CAST(CAST(:dispatchable AS text) AS jsonb),
                ARRAY(SELECT jsonb_array_elements_text(CAST(CAST(:events AS text) AS jsonb))), :source,
                CAST(CAST(:payloadFilter AS text) AS jsonb), CAST(CAST(:contextFilter AS text) AS jsonb), :manual, :enabled)
            ON CONFLICT (dispatchable_id, environment_id) DO UPDATE SET
                dispatchable = EXCLUDED.dispatchable, event = EXCLUDED.event, source = EXCLUDED.source,
                payload_filter = EXCLUDED.payload_filter, context_filter = EXCLUDED.context_filter,
                manual = EXCLUDED.manual, enabled = EXCLUDED.enabled, updated_at = now()
            RETURNING id""";

    private static final String UPSERT_SCHEDULE = """
            INSERT INTO schedule_sources (environment_id, dispatcher_id, key, schedule, active, next_event_at, metadata)
            SELECT :environmentId, :dispatcherId, :key, CAST(CAST(:schedule AS text) AS jsonb),
                e.auto_enable_internal_sources AND :enabled, :nextEventAt, CAST(CAST(:metadata AS text) AS jsonb)
            FROM runtime_environments e WHERE e.id = :environmentId
            ON CONFLICT (key, environment_id) DO UPDATE SET
                dispatcher_id = EXCLUDED.dispatcher_id, schedule = EXCLUDED.schedule, active = EXCLUDED.active,
                metadata = EXCLUDED.metadata, updated_at = now(),
                next_event_at = CASE WHEN schedule_sources.schedule IS DISTINCT FROM EXCLUDED.schedule
                                       OR NOT schedule_sources.active OR schedule_sources.next_event_at IS NULL
                                     THEN EXCLUDED.next_event_at ELSE schedule_sources.next_event_at END""";

    private static final String DISABLE_DISPATCHER = """
            UPDATE event_dispatchers SET enabled = false, updated_at = now()
            WHERE dispatchable_id = :dispatchableId AND environment_id = :environmentId AND enabled""";

    private static final String DEACTIVATE_SCHEDULE = """
            UPDATE schedule_sources SET active = false, next_event_at = NULL, updated_at = now()
            WHERE key = :key AND environment_id = :environmentId AND active""";

    /** The version a job's dispatcher must deliver to, and what it needs to know of it. */
    public record Target(UUID environmentId, UUID jobId, String jobSlug, UUID versionId, Trigger trigger,
                         boolean enabled) {
    }

    Uni<Void> apply(RegistrationState state) {
        if (!state.isLatest()) {
            return Uni.createFrom().voidItem();
        }
        return reset(new Target(state.caller.environmentId(), state.jobId, state.metadata.slug(), state.versionId,
                state.metadata.trigger(), state.metadata.enabled()));
    }

    /** Rewrites the job's dispatcher (and schedule) in full for that version. */
    public Uni<Void> reset(Target target) {
        if (target.trigger() instanceof StaticTrigger rule) {
            return dispatcher(target, rule.events(), rule.source(), json(rule.payloadFilter()),
                    json(rule.contextFilter()), false).chain(id -> deactivateSchedule(target));
        }
        if (target.trigger() instanceof ScheduledTrigger schedule) {
            return dispatcher(target, List.of(SCHEDULED_EVENT), SCHEDULED_SOURCE, null, null, true)
                    .chain(dispatcherId -> schedule(target, dispatcherId, schedule));
        }
        return NativeSql.execute(DISABLE_DISPATCHER, Map.of("dispatchableId", target.jobId().toString(),
                "environmentId", target.environmentId())).chain(() -> deactivateSchedule(target));
    }

    private Uni<Object> dispatcher(Target target, List<String> events, String source, String payloadFilter,
                                   String contextFilter, boolean manual) {
        var dispatchable = JsonNodeFactory.instance.objectNode().put("type", "JOB_VERSION")
                .put("id", target.versionId().toString());
        var eventArray = JsonNodeFactory.instance.arrayNode();
        events.forEach(eventArray::add);
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("environmentId", target.environmentId());
        parameters.put("dispatchableId", target.jobId().toString());
        parameters.put("dispatchable", dispatchable.toString());
        parameters.put("events", eventArray.toString());
        parameters.put("source", source);
        parameters.put("payloadFilter", payloadFilter);
        parameters.put("contextFilter", contextFilter);
        parameters.put("manual", manual);
        parameters.put("enabled", target.enabled());
        return NativeSql.column(UPSERT_DISPATCHER, Object.class, parameters).map(ids -> ids.get(0));
    }

    private Uni<Void> schedule(Target target, Object dispatcherId, ScheduledTrigger trigger) {
        Instant now = Instant.now();
        Instant next = trigger.cron() != null
                ? ScheduleCalculator.nextCron(trigger.cron(), now)
                : ScheduleCalculator.nextInterval(trigger.intervalSeconds(), now);
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("environmentId", target.environmentId());
        parameters.put("dispatcherId", dispatcherId);
        parameters.put("key", target.jobSlug());
        parameters.put("schedule", trigger.schedule().toString());
        parameters.put("enabled", target.enabled());
        parameters.put("nextEventAt", OffsetDateTime.ofInstant(next, ZoneOffset.UTC));
        parameters.put("metadata", json(trigger.metadata()));
        return NativeSql.execute(UPSERT_SCHEDULE, parameters).replaceWithVoid();
    }

    private Uni<Void> deactivateSchedule(Target target) {
        return NativeSql.execute(DEACTIVATE_SCHEDULE, Map.of("key", target.jobSlug(),
                "environmentId", target.environmentId())).replaceWithVoid();
    }

    private static String json(JsonNode node) {
        return node == null ? null : node.toString();
    }
}
