package io.kongflow.jobs.console;

import io.kongflow.jobs.persistence.RunStatus;
import io.kongflow.jobs.problem.InvalidInput;
import io.quarkus.qute.TemplateData;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The runs list's filters, exactly as the URL carries them (so a filtered list is a link to
 * share): status, job, test or not, a time range (UTC), a run id, an event id. Each is parsed here,
 * and a malformed one is a 400 naming it.
 */
@TemplateData
public record RunFilter(String status, String job, String test, String from, String to, String run, String event) {

    public RunFilter {
        status = blankToNull(status);
        job = blankToNull(job);
        test = blankToNull(test);
        from = blankToNull(from);
        to = blankToNull(to);
        run = blankToNull(run);
        event = blankToNull(event);
    }

    public static RunFilter none() {
        return new RunFilter(null, null, null, null, null, null, null);
    }

    RunStatus statusValue() {
        if (status == null) {
            return null;
        }
        try {
            return RunStatus.valueOf(status);
        } catch (IllegalArgumentException e) {
            throw new InvalidInput("status", "is not a run status");
        }
    }

    Boolean testValue() {
        if (test == null) {
            return null;
        }
        return switch (test) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidInput("test", "must be true or false");
        };
    }

    Instant fromValue() {
        return instant("from", from);
    }

    Instant toValue() {
        return instant("to", to);
    }

    UUID runValue() {
        if (run == null) {
            return null;
        }
        try {
            return UUID.fromString(run);
        } catch (IllegalArgumentException e) {
            throw new InvalidInput("run", "is not a run id");
        }
    }

    /** The filters as a query string (without the cursor), for links to the next page and the live stream. */
    public String query() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("status", status);
        values.put("job", job);
        values.put("test", test);
        values.put("from", from);
        values.put("to", to);
        values.put("run", run);
        values.put("event", event);
        return values.entrySet().stream()
                .filter(entry -> entry.getValue() != null)
                .map(entry -> entry.getKey() + "=" + URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    public boolean any() {
        return !query().isEmpty();
    }

    /** An ISO-8601 instant, or a browser's {@code datetime-local} value read as UTC. */
    private static Instant instant(String name, String text) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException notAnInstant) {
            try {
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                throw new InvalidInput(name, "must be a date-time such as 2026-12-01T10:00 (UTC)");
            }
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
