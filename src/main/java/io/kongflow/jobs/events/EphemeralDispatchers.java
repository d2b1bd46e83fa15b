package io.kongflow.jobs.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.kongflow.jobs.execution.CallbackUrls;
import io.kongflow.jobs.execution.NulCharacters;
import io.kongflow.jobs.execution.TaskCallbacks;
import io.kongflow.jobs.persistence.Parameters;
import io.kongflow.jobs.persistence.Postgres;
import io.kongflow.jobs.problem.InvalidInput;
import io.kongflow.jobs.problem.NotFound;
import io.kongflow.jobs.tenancy.Caller;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * io.waitForEvent's one-shot dispatchers: bound to the waiting callback task whose URL the SDK
 * sends, they complete it with the first event that matches ({@link EventDelivery}) until they
 * expire; the task's end removes them (V25's trigger). Created once per task: a repeat (the SDK
 * calls again on each replay while the task waits) answers the same dispatcher unchanged, as v2.
 */
@ApplicationScoped
public class EphemeralDispatchers {

    /** The dispatchable of an ephemeral dispatcher; the URL is never stored a second time (it holds the secret). */
    static final String TYPE = "EPHEMERAL";

    private static final String CREATE = """
            INSERT INTO event_dispatchers (environment_id, dispatchable_id, dispatchable, event, source,
                payload_filter, context_filter, manual, enabled, task_id, expires_at)
            VALUES (:environmentId, :dispatchableId, CAST(CAST(:dispatchable AS text) AS jsonb),
                ARRAY(SELECT jsonb_array_elements_text(CAST(CAST(:events AS text) AS jsonb))), :source,
                CAST(CAST(:payloadFilter AS text) AS jsonb), CAST(CAST(:contextFilter AS text) AS jsonb), false, true,
                :taskId, now() + make_interval(secs => :timeout))
            ON CONFLICT (dispatchable_id, environment_id) DO UPDATE SET updated_at = event_dispatchers.updated_at
            RETURNING id""";

    private final Postgres postgres;
    private final TaskCallbacks callbacks;
    private final ObjectMapper json;

    EphemeralDispatchers(Postgres postgres, TaskCallbacks callbacks, ObjectMapper json) {
        this.postgres = postgres;
        this.callbacks = callbacks;
        this.json = json;
    }

    /** The dispatcher's id. */
    public Uni<UUID> create(Caller caller, EphemeralDispatcherRequest request) {
        ArrayNode events = names(request.name());
        JsonNode payloadFilter = filter("filter", request.filter());
        JsonNode contextFilter = filter("contextFilter", request.contextFilter());
        if (CallbackUrls.parse(request.url()) == null) {
            throw new InvalidInput("url", "must be the callbackUrl of a task waiting for an event");
        }
        NulCharacters.refuse("source", request.source());
        int timeout = request.timeoutInSeconds() == null
                ? EphemeralDispatcherRequest.DEFAULT_TIMEOUT
                : request.timeoutInSeconds();
        return postgres.transaction(sql -> callbacks
                .waitingTask(sql, caller.environmentId(), request.url())
                .onItem()
                .ifNull()
                .failWith(() -> new NotFound("Waiting task with this callback URL"))
                .chain(taskId -> sql.first(
                        CREATE,
                        Parameters.with("environmentId", caller.environmentId())
                                .and("dispatchableId", "ephemeral:" + taskId)
                                .and(
                                        "dispatchable",
                                        json.createObjectNode()
                                                .put("type", TYPE)
                                                .put("taskId", taskId.toString())
                                                .toString())
                                .and("events", events.toString())
                                .and("source", request.source() == null ? "trigger.dev" : request.source())
                                .and("payloadFilter", text(payloadFilter))
                                .and("contextFilter", text(contextFilter))
                                .and("taskId", taskId)
                                .and("timeout", timeout),
                        row -> row.getUUID("id"))));
    }

    private ArrayNode names(JsonNode name) {
        ArrayNode names = json.createArrayNode();
        if (name != null && name.isTextual()) {
            names.add(name);
        } else if (name != null && name.isArray() && !name.isEmpty()) {
            for (JsonNode each : name) {
                if (!each.isTextual()) {
                    throw new InvalidInput("name", "must be an event name or a list of them");
                }
                names.add(each);
            }
        } else {
            throw new InvalidInput("name", "must be an event name or a list of them");
        }
        for (JsonNode each : names) {
            if (each.textValue().isEmpty() || each.textValue().length() > EventViews.MAX_KEY) {
                throw new InvalidInput("name", "each name has 1 to " + EventViews.MAX_KEY + " characters");
            }
            NulCharacters.refuse("name", each.textValue());
        }
        return names;
    }

    private static JsonNode filter(String field, JsonNode filter) {
        if (filter == null || filter.isNull()) {
            return null;
        }
        if (FilterSchema.parse(filter) == null) {
            throw new InvalidInput(field, "must be an event filter (EventFilterSchema)");
        }
        NulCharacters.refuse(field, filter);
        return filter;
    }

    private static String text(JsonNode node) {
        return node == null ? null : node.toString();
    }
}
