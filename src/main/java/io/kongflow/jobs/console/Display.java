package io.kongflow.jobs.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kongflow.jobs.persistence.RunStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** How the console writes times, durations, statuses and JSON (pure functions). */
final class Display {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private Display() {}

    /** UTC, to the second; empty for none. */
    static String time(Instant instant) {
        return instant == null ? "" : TIME.format(instant) + " UTC";
    }

    /** From start to end (or to now while unfinished); empty before the start. */
    static String duration(Instant start, Instant end) {
        if (start == null) {
            return "";
        }
        return duration(
                Duration.between(start, end == null ? Instant.now() : end).toMillis());
    }

    static String duration(long millis) {
        if (millis < 0) {
            millis = 0;
        }
        if (millis < 1000) {
            return millis + " ms";
        }
        if (millis < 60_000) {
            return String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
        }
        long seconds = millis / 1000;
        if (seconds < 3600) {
            return seconds / 60 + " min " + seconds % 60 + " s";
        }
        return seconds / 3600 + " h " + seconds % 3600 / 60 + " min";
    }

    /** A CSS class per family of statuses: succeeded, failed, running, waiting, neutral. */
    static String statusClass(String status) {
        return switch (status) {
            case "SUCCESS", "COMPLETED" -> "ok";
            case "FAILURE", "TIMED_OUT", "ABORTED", "UNRESOLVED_AUTH", "INVALID_PAYLOAD", "ERRORED" -> "failed";
            case "EXECUTING", "STARTED", "RUNNING", "PREPROCESSING" -> "running";
            case "CANCELED" -> "cancelled";
            default -> "waiting";
        };
    }

    static String statusClass(RunStatus status) {
        return statusClass(status.name());
    }

    /** Indented JSON; empty for none. */
    static String json(ObjectMapper mapper, JsonNode node) {
        if (node == null) {
            return "";
        }
        try {
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A JSON tree always writes", e);
        }
    }

    static JsonNode parse(ObjectMapper mapper, String text) {
        if (text == null) {
            return null;
        }
        try {
            return mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The database returned invalid JSON", e);
        }
    }

    /** A trigger as stored with a version: event name, schedule, or invoke. */
    static String trigger(ObjectMapper mapper, String stored) {
        JsonNode trigger = parse(mapper, stored);
        if (trigger == null) {
            return "";
        }
        return switch (trigger.path("type").asText()) {
            case "static" -> "event " + eventNames(trigger.path("rule").path("event"));
            case "scheduled" -> schedule(trigger.path("schedule"));
            case "dynamic" -> "dynamic trigger";
            case "invoke" -> "invoke";
            default -> trigger.path("type").asText();
        };
    }

    private static String eventNames(JsonNode event) {
        if (event.isArray()) {
            StringBuilder names = new StringBuilder();
            event.forEach(name -> names.append(names.isEmpty() ? "" : ", ").append(name.asText()));
            return names.toString();
        }
        return event.asText();
    }

    private static String schedule(JsonNode schedule) {
        JsonNode options = schedule.path("options");
        return "cron".equals(schedule.path("type").asText())
                ? "schedule cron " + options.path("cron").asText()
                : "schedule every " + options.path("seconds").asText() + " s";
    }
}
