package io.kongflow.jobs.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kongflow.jobs.execution.TaskWaits;
import io.kongflow.jobs.persistence.Parameters;
import io.kongflow.jobs.persistence.Postgres;
import io.kongflow.jobs.persistence.Rows;
import io.kongflow.jobs.persistence.Statements;
import io.kongflow.jobs.runs.EventRuns;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Delivers one due event, in one transaction: takes the oldest due event no other replica holds
 * ({@code FOR UPDATE SKIP LOCKED}: its row stays locked until commit, so it is delivered once and a
 * crash rolls the delivery back whole, leaving the event due), reads its candidate dispatchers
 * through the (environment, event name) index, keeps those whose filters pass, creates their runs
 * ({@link EventRuns}), completes the tasks waiting for such an event (io.waitForEvent's ephemeral
 * dispatchers, {@link EphemeralDispatchers}) and marks the event delivered.
 */
@ApplicationScoped
class EventDelivery {

    /** One delivery: the event, the runs it created, how late it was. Null event: nothing was due. */
    record Delivered(UUID eventId, List<UUID> runs, double lagSeconds) {}

    /** What the worker needs when a delivery failed: the event it had taken, if it got that far. */
    static final class Attempt {
        private final AtomicReference<UUID> event = new AtomicReference<>();

        UUID eventId() {
            return event.get();
        }
    }

    private record Candidate(
            UUID eventId,
            String payload,
            String context,
            double lagSeconds,
            String dispatchableType,
            String versionId,
            UUID taskId,
            String payloadFilter,
            String contextFilter,
            WaitedEvent waited) {

        static Candidate from(Row row) {
            return new Candidate(
                    row.getUUID("event_id"),
                    row.getString("payload"),
                    row.getString("context"),
                    row.getDouble("lag_seconds"),
                    row.getString("dispatchable_type"),
                    row.getString("version_id"),
                    row.getUUID("task_id"),
                    row.getString("payload_filter"),
                    row.getString("context_filter"),
                    new WaitedEvent(
                            row.getString("external_id"),
                            row.getString("name"),
                            row.getString("source"),
                            Rows.instant(row, "timestamp"),
                            row.getString("account_id")));
        }
    }

    /** What io.waitForEvent returns besides the payload and context (v2's InvokeEphemeralDispatcher body). */
    private record WaitedEvent(String id, String name, String source, Instant timestamp, String accountId) {}

    // The dispatchers v2 looked at: enabled, not manual, listening to the event's name from its
    // source. kongflow_dispatcher_keys is the expression of V18's partial GIN index: only the
    // event's candidates are read. No dispatcher is bound to an account (none is ever written so).
    static final String TAKE = """
            WITH event AS (
                SELECT id, environment_id, event_id, name, source, payload, context, timestamp, external_account_id,
                    deliver_at
                FROM event_records
                WHERE delivered_at IS NULL AND cancelled_at IS NULL AND deliver_at <= now()
                ORDER BY deliver_at
                LIMIT 1
                FOR UPDATE SKIP LOCKED
            )
            SELECT e.id AS event_id, CAST(e.payload AS text) AS payload, CAST(e.context AS text) AS context,
                CAST(EXTRACT(EPOCH FROM clock_timestamp() - e.deliver_at) AS double precision) AS lag_seconds,
                d.dispatchable ->> 'type' AS dispatchable_type, d.dispatchable ->> 'id' AS version_id, d.task_id,
                CAST(d.payload_filter AS text) AS payload_filter, CAST(d.context_filter AS text) AS context_filter,
                e.event_id AS external_id, e.name, e.source, e.timestamp,
                (SELECT a.identifier FROM external_accounts a WHERE a.id = e.external_account_id) AS account_id
            FROM event e
            LEFT JOIN LATERAL (
                SELECT d.dispatchable, d.payload_filter, d.context_filter, d.task_id
                FROM event_dispatchers d
                WHERE kongflow_dispatcher_keys(d.environment_id, d.event)
                          @> ARRAY[CAST(e.environment_id AS text) || ':' || e.name]
                  AND d.enabled AND NOT d.manual AND d.source = e.source
                  AND (d.expires_at IS NULL OR d.expires_at > now())
            ) d ON true""";

    private static final String DELIVERED = """
            UPDATE event_records SET delivered_at = now(), updated_at = now() WHERE id = :eventId""";

    private final Postgres postgres;
    private final EventRuns eventRuns;
    private final TaskWaits taskWaits;
    private final ObjectMapper mapper;

    EventDelivery(Postgres postgres, EventRuns eventRuns, TaskWaits taskWaits, ObjectMapper mapper) {
        this.postgres = postgres;
        this.eventRuns = eventRuns;
        this.taskWaits = taskWaits;
        this.mapper = mapper;
    }

    /** Delivers the oldest due event; a null item when none is due (or all due ones are being delivered). */
    Uni<Delivered> deliverNext(Attempt attempt) {
        return postgres.transaction(sql -> sql.list(TAKE, Parameters.NONE, Candidate::from)
                .chain(candidates -> {
                    if (candidates.isEmpty()) {
                        return Uni.createFrom().nullItem();
                    }
                    Candidate first = candidates.get(0);
                    attempt.event.set(first.eventId());
                    List<UUID> versions = matching(candidates, "JOB_VERSION");
                    List<UUID> waitingTasks = matching(candidates, EphemeralDispatchers.TYPE);
                    return eventRuns
                            .create(sql, first.eventId(), versions)
                            .call(runs -> completeWaitingTasks(sql, waitingTasks, first))
                            .call(runs -> sql.execute(DELIVERED, Parameters.with("eventId", first.eventId())))
                            .map(runs -> new Delivered(first.eventId(), runs, first.lagSeconds()));
                }));
    }

    /**
     * The targets of the matching dispatchers of one type (a job version; a waiting task), sorted:
     * concurrent deliveries lock job counters and runs in one order.
     */
    private List<UUID> matching(List<Candidate> candidates, String type) {
        Candidate event = candidates.get(0);
        JsonNode payload = json(event.payload());
        JsonNode context = json(event.context());
        TreeSet<UUID> targets = new TreeSet<>();
        for (Candidate candidate : candidates) {
            UUID target = "JOB_VERSION".equals(type) && candidate.versionId() != null
                    ? UUID.fromString(candidate.versionId())
                    : candidate.taskId();
            if (type.equals(candidate.dispatchableType())
                    && target != null
                    && DispatcherMatch.matches(
                            payload, context, json(candidate.payloadFilter()), json(candidate.contextFilter()))) {
                targets.add(target);
            }
        }
        return List.copyOf(targets);
    }

    /**
     * Completes each task waiting for this event (io.waitForEvent) with it and resumes its run, in this
     * transaction: a task another delivery completed first stays as it is (TaskWaits ends a task once).
     */
    private Uni<Void> completeWaitingTasks(Statements sql, List<UUID> tasks, Candidate event) {
        if (tasks.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        ObjectNode output = mapper.createObjectNode();
        WaitedEvent waited = event.waited();
        output.put("id", waited.id());
        output.put("source", waited.source());
        output.put("name", waited.name());
        output.set("payload", json(event.payload()));
        output.set("context", json(event.context()));
        output.put(
                "timestamp",
                waited.timestamp() == null ? null : waited.timestamp().toString());
        if (waited.accountId() != null) {
            output.put("accountId", waited.accountId());
        }
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (UUID task : tasks) {
            chain = chain.chain(() -> taskWaits.end(sql, task, TaskWaits.Ending.COMPLETED, output, null))
                    .replaceWithVoid();
        }
        return chain;
    }

    private JsonNode json(String text) {
        try {
            return text == null ? null : mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The database returned invalid JSON", e);
        }
    }
}
