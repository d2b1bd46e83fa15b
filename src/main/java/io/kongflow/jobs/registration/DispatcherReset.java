package io.kongflow.jobs.registration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.kongflow.jobs.persistence.Parameters;
import io.kongflow.jobs.persistence.Statements;
import io.kongflow.jobs.registration.JobMetadata.ScheduledTrigger;
import io.kongflow.jobs.registration.JobMetadata.StaticTrigger;
import io.kongflow.jobs.registration.JobMetadata.Trigger;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * Step 7: the job's one dispatcher in the environment follows the version {@code latest} names and
 * is rewritten in full from that version's trigger (no stale filter, flag or schedule survives).
 * A registration of a lower version leaves it alone: it still reflects the latest one; so does an
 * unchanged re-registration of the latest version.
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

    /** A static trigger: the dispatcher, and the job's schedule (if it ever had one) deactivated, in one statement. */
    private static final String STATIC = "WITH dispatcher AS (" + UPSERT_DISPATCHER + ")\n" + """
            UPDATE schedule_sources SET active = false, next_event_at = NULL, updated_at = now()
            WHERE key = :key AND environment_id = :environmentId AND dynamic_schedule_id IS NULL AND active""";

    /** A scheduled trigger: the dispatcher and its schedule, in one statement. */
    private static final String SCHEDULED = "WITH dispatcher AS (" + UPSERT_DISPATCHER + ")\n" + """
            INSERT INTO schedule_sources (environment_id, dispatcher_id, key, schedule, active, next_event_at, metadata)
            SELECT :environmentId, d.id, :key, CAST(CAST(:schedule AS text) AS jsonb),
                e.auto_enable_internal_sources AND :enabled, :nextEventAt, CAST(CAST(:metadata AS text) AS jsonb)
            FROM runtime_environments e, dispatcher d WHERE e.id = :environmentId
            ON CONFLICT (key, environment_id) WHERE dynamic_schedule_id IS NULL DO UPDATE SET
                dispatcher_id = EXCLUDED.dispatcher_id, schedule = EXCLUDED.schedule, active = EXCLUDED.active,
                metadata = EXCLUDED.metadata, updated_at = now(),
                next_event_at = CASE WHEN schedule_sources.schedule IS DISTINCT FROM EXCLUDED.schedule
                                       OR NOT schedule_sources.active OR schedule_sources.next_event_at IS NULL
                                     THEN EXCLUDED.next_event_at ELSE schedule_sources.next_event_at END""";

    /**
     * No events may reach the job (an invoke trigger, or its version was disabled): the dispatcher is
     * disabled and the schedule deactivated. With a {@code versionId}, only while the dispatcher
     * delivers to that version.
     */
    private static final String DISABLE = """
            WITH dispatcher AS (
                UPDATE event_dispatchers SET enabled = false, updated_at = now()
                WHERE dispatchable_id = :dispatchableId AND environment_id = :environmentId AND enabled
                  AND (CAST(:versionId AS text) IS NULL OR dispatchable ->> 'id' = CAST(:versionId AS text)))
            UPDATE schedule_sources SET active = false, next_event_at = NULL, updated_at = now()
            WHERE key = :key AND environment_id = :environmentId AND dynamic_schedule_id IS NULL AND active
              AND (CAST(:versionId AS text) IS NULL OR dispatcher_id IN (
                   SELECT id FROM event_dispatchers
                   WHERE dispatchable_id = :dispatchableId AND environment_id = :environmentId
                     AND dispatchable ->> 'id' = CAST(:versionId AS text)))""";

    /** The version a job's dispatcher must deliver to, and what it needs to know of it. */
    public record Target(
            UUID environmentId, UUID jobId, String jobSlug, UUID versionId, Trigger trigger, boolean enabled) {}

    Uni<Void> apply(Statements sql, RegistrationState state) {
        // An unchanged version that latest already named: the dispatcher was rewritten from exactly
        // this content when it was registered (or pinned), and nothing else writes it.
        if (!state.isLatest() || (!state.versionChanged && !state.latestMoved)) {
            return Uni.createFrom().voidItem();
        }
        return reset(
                sql,
                new Target(
                        state.caller.environmentId(),
                        state.jobId,
                        state.metadata.slug(),
                        state.versionId,
                        state.metadata.trigger(),
                        state.metadata.enabled()));
    }

    /** Rewrites the job's dispatcher (and schedule) in full for that version: one statement. */
    public Uni<Void> reset(Statements sql, Target target) {
        Parameters parameters = Parameters.with("environmentId", target.environmentId());
        parameters.put("dispatchableId", target.jobId().toString());
        parameters.put("key", target.jobSlug());
        if (target.trigger() instanceof StaticTrigger rule) {
            dispatcher(
                    parameters,
                    target,
                    rule.events(),
                    rule.source(),
                    json(rule.payloadFilter()),
                    json(rule.contextFilter()),
                    false);
            return sql.execute(STATIC, parameters).replaceWithVoid();
        }
        if (target.trigger() instanceof ScheduledTrigger schedule) {
            dispatcher(parameters, target, List.of(SCHEDULED_EVENT), SCHEDULED_SOURCE, null, null, true);
            schedule(parameters, schedule);
            return sql.execute(SCHEDULED, parameters).replaceWithVoid();
        }
        parameters.put("versionId", null);
        return sql.execute(DISABLE, parameters).replaceWithVoid();
    }

    /** Stops events reaching a disabled version: its dispatcher (if it delivers to it) and schedule are switched off. */
    public Uni<Void> disable(Statements sql, UUID environmentId, UUID jobId, String jobSlug, UUID versionId) {
        Parameters parameters = Parameters.with("environmentId", environmentId)
                .and("dispatchableId", jobId.toString())
                .and("key", jobSlug)
                .and("versionId", versionId.toString());
        return sql.execute(DISABLE, parameters).replaceWithVoid();
    }

    private static void dispatcher(
            Parameters parameters,
            Target target,
            List<String> events,
            String source,
            String payloadFilter,
            String contextFilter,
            boolean manual) {
        var dispatchable = JsonNodeFactory.instance
                .objectNode()
                .put("type", "JOB_VERSION")
                .put("id", target.versionId().toString());
        var eventArray = JsonNodeFactory.instance.arrayNode();
        events.forEach(eventArray::add);
        parameters.put("dispatchable", dispatchable.toString());
        parameters.put("events", eventArray.toString());
        parameters.put("source", source);
        parameters.put("payloadFilter", payloadFilter);
        parameters.put("contextFilter", contextFilter);
        parameters.put("manual", manual);
        parameters.put("enabled", target.enabled());
    }

    private static void schedule(Parameters parameters, ScheduledTrigger trigger) {
        Instant now = Instant.now();
        Instant next = trigger.cron() != null
                ? ScheduleCalculator.nextCron(trigger.cron(), now)
                : ScheduleCalculator.nextInterval(trigger.intervalSeconds(), now);
        parameters.put("schedule", trigger.schedule().toString());
        parameters.put("nextEventAt", OffsetDateTime.ofInstant(next, ZoneOffset.UTC));
        parameters.put("metadata", json(trigger.metadata()));
    }

    private static String json(JsonNode node) {
        return node == null ? null : node.toString();
    }
}
