package io.kongflow.jobs.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kongflow.jobs.events.EventViews.ApiEventLog;
import io.kongflow.jobs.events.EventViews.RawEvent;
import io.kongflow.jobs.events.EventViews.SendOptions;
import io.kongflow.jobs.execution.NulCharacters;
import io.kongflow.jobs.ops.ServiceMetrics;
import io.kongflow.jobs.persistence.Parameters;
import io.kongflow.jobs.persistence.Postgres;
import io.kongflow.jobs.persistence.Statements;
import io.kongflow.jobs.problem.InvalidInput;
import io.kongflow.jobs.tenancy.Caller;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Accepts events sent by an app ({@code sendEvent}, {@code sendEvents}): all of a request's events
 * in one statement, each stored to be delivered at its time (by {@link DeliveryWorker}, which
 * this replica wakes as soon as the transaction committed). An event id is unique in the
 * environment: a repeat answers the stored event and stores nothing.
 */
@ApplicationScoped
public class SendEvents {

    static final String DEFAULT_SOURCE = "trigger.dev";

    // One statement for one event or many. ON CONFLICT DO NOTHING: a repeat (or the second of two
    // same ids in one request) is answered from the stored row, read by the next statement.
    private static final String INSERT = """
            WITH input AS (
                SELECT i.ord, i.event_id, i.name, i.source, i.payload, i.context, i.ts
                FROM jsonb_to_recordset(CAST(CAST(:events AS text) AS jsonb))
                    AS i(ord integer, event_id text, name text, source text, payload jsonb, context jsonb, ts timestamptz)
            ), account AS (
                INSERT INTO external_accounts (environment_id, organization_id, identifier)
                SELECT :environmentId, :organizationId, CAST(:accountId AS text) WHERE CAST(:accountId AS text) IS NOT NULL
                ON CONFLICT (environment_id, identifier) DO UPDATE SET updated_at = now()
                RETURNING id
            )
            INSERT INTO event_records (environment_id, organization_id, project_id, external_account_id, event_id, name,
                source, payload, context, timestamp, deliver_at)
            SELECT :environmentId, :organizationId, :projectId, (SELECT id FROM account), i.event_id, i.name, i.source,
                i.payload, i.context, COALESCE(i.ts, now()),
                COALESCE(CAST(:deliverAt AS timestamptz), now() + make_interval(secs => CAST(:deliverAfter AS bigint)))
            FROM input i ORDER BY i.ord
            ON CONFLICT (event_id, environment_id) DO NOTHING
            RETURNING""" + StoredEvent.COLUMNS;

    private static final String EXISTING = "SELECT" + StoredEvent.COLUMNS + """
            FROM event_records WHERE environment_id = :environmentId AND event_id = ANY(CAST(:eventIds AS text[]))""";

    private final Postgres postgres;
    private final DeliveryWorker delivery;
    private final ServiceMetrics metrics;
    private final ObjectMapper mapper;

    SendEvents(Postgres postgres, DeliveryWorker delivery, ServiceMetrics metrics, ObjectMapper mapper) {
        this.postgres = postgres;
        this.delivery = delivery;
        this.metrics = metrics;
        this.mapper = mapper;
    }

    /** The stored events, in the order sent. */
    public Uni<List<ApiEventLog>> send(Caller caller, List<RawEvent> events, SendOptions options, String path) {
        ObjectNode document = JsonNodeFactory.instance.objectNode();
        ArrayNode rows = document.putArray("rows");
        List<String> ids = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            RawEvent event = events.get(i);
            String at = path.isEmpty() ? "" : path + "[" + i + "]";
            String id = event.id() != null ? event.id() : UUID.randomUUID().toString();
            refuse(at, event);
            ids.add(id);
            rows.addObject()
                    .put("ord", i)
                    .put("event_id", id)
                    .put("name", event.name())
                    .put("source", event.source() != null ? event.source() : DEFAULT_SOURCE)
                    .put(
                            "ts",
                            event.timestamp() == null ? null : event.timestamp().toString())
                    .set("payload", orEmpty(event.payload()));
            ((ObjectNode) rows.get(i)).set("context", orEmpty(event.context()));
        }
        SendOptions sendOptions = options == null ? new SendOptions(null, null, null) : options;
        if (sendOptions.accountId() != null) {
            NulCharacters.refuse("options.accountId", sendOptions.accountId());
        }
        Parameters parameters = Parameters.with("events", rows.toString())
                .and("environmentId", caller.environmentId())
                .and("organizationId", caller.organizationId())
                .and("projectId", caller.projectId())
                .and("accountId", sendOptions.accountId())
                .and("deliverAt", deliverAt(sendOptions))
                .and("deliverAfter", deliverAfter(sendOptions));
        // One statement, atomic on its own: no BEGIN and COMMIT round trips. The repeats are read
        // after it, by a statement that sees every row the insert found in its way.
        Statements sql = postgres.statements();
        return sql.list(INSERT, parameters, StoredEvent::from)
                .chain(inserted -> withRepeats(sql, caller, ids, inserted))
                .invoke(stored -> accepted(stored, ids.size()))
                .map(stored ->
                        ids.stream().map(id -> stored.get(id).view(mapper)).toList());
    }

    /** The rows of the ids this request did not insert: sent before, by this request or another. */
    private Uni<Map<String, StoredEvent>> withRepeats(
            Statements sql, Caller caller, List<String> ids, List<StoredEvent> inserted) {
        Map<String, StoredEvent> byId = new HashMap<>();
        inserted.forEach(event -> byId.put(event.eventId(), event));
        List<String> missing =
                ids.stream().filter(id -> !byId.containsKey(id)).distinct().toList();
        if (missing.isEmpty()) {
            return Uni.createFrom().item(byId);
        }
        Parameters parameters = Parameters.with("environmentId", caller.environmentId())
                .and("eventIds", missing.toArray(String[]::new));
        return sql.list(EXISTING, parameters, StoredEvent::repeat).map(existing -> {
            existing.forEach(event -> byId.put(event.eventId(), event));
            return byId;
        });
    }

    private void accepted(Map<String, StoredEvent> stored, int sent) {
        long fresh = stored.values().stream().filter(StoredEvent::isNew).count();
        metrics.events("accepted", fresh);
        metrics.events("repeated", sent - fresh);
        long soonest = stored.values().stream()
                .filter(event -> event.isNew() && event.cancelledAt() == null)
                .mapToLong(StoredEvent::deliverInMs)
                .min()
                .orElse(-1);
        if (soonest == 0) {
            delivery.wake();
        } else if (soonest > 0) {
            delivery.wakeIn(soonest);
        }
    }

    private static void refuse(String at, RawEvent event) {
        String prefix = at.isEmpty() ? "event." : at + ".";
        if (event.payloadType() != null && !"JSON".equals(event.payloadType())) {
            throw new InvalidInput(prefix + "payloadType", "must be JSON: REQUEST payloads are not accepted");
        }
        NulCharacters.refuse(prefix + "name", event.name());
        NulCharacters.refuse(prefix + "id", event.id());
        NulCharacters.refuse(prefix + "source", event.source());
        NulCharacters.refuse(prefix + "payload", event.payload());
        NulCharacters.refuse(prefix + "context", event.context());
    }

    private static OffsetDateTime deliverAt(SendOptions options) {
        return options.deliverAt() == null ? null : OffsetDateTime.ofInstant(options.deliverAt(), ZoneOffset.UTC);
    }

    /** As v2: a deliverAfter of 0 (or none) delivers at once, a negative one too. */
    private static long deliverAfter(SendOptions options) {
        return options.deliverAfter() == null ? 0 : Math.max(0, options.deliverAfter());
    }

    private static JsonNode orEmpty(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() ? JsonNodeFactory.instance.objectNode() : node;
    }
}
