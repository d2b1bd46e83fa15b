package io.kongflow.jobs.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Whether an event passes a dispatcher's payload and context filters, as v2's
 * {@code DeliverEventService} decides it: no filter at all passes; otherwise each stored filter
 * (absent: {@code {}}) must pass {@link FilterSchema} (else nothing matches), and
 * {@code eventFilterMatches} is asked about the event record — an object with the event's
 * {@code payload} and {@code context} — against {@code {payload, context}} of the parsed filters.
 */
final class DispatcherMatch {

    private DispatcherMatch() {}

    static boolean matches(JsonNode payload, JsonNode context, JsonNode payloadFilter, JsonNode contextFilter) {
        if (absent(payloadFilter) && absent(contextFilter)) {
            return true;
        }
        JsonNode parsedPayload = FilterSchema.parse(absent(payloadFilter) ? empty() : payloadFilter);
        JsonNode parsedContext = FilterSchema.parse(absent(contextFilter) ? empty() : contextFilter);
        if (parsedPayload == null || parsedContext == null) {
            return false;
        }
        ObjectNode record = empty();
        record.set("payload", payload);
        record.set("context", context);
        ObjectNode filter = empty();
        filter.set("payload", parsedPayload);
        filter.set("context", parsedContext);
        try {
            return EventFilter.matches(record, filter);
        } catch (MalformedEventFilter e) {
            // The parsed filter has no null where the matcher wants an object: unreachable, and no match if not.
            return false;
        }
    }

    private static boolean absent(JsonNode filter) {
        return filter == null || filter.isNull() || filter.isMissingNode();
    }

    private static ObjectNode empty() {
        return JsonNodeFactory.instance.objectNode();
    }
}
