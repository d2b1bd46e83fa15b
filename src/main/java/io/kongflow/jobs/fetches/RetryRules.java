package io.kongflow.jobs.fetches;

import com.fasterxml.jackson.databind.JsonNode;
import io.kongflow.jobs.events.EventFilter;
import io.kongflow.jobs.events.FilterSchema;
import io.kongflow.jobs.events.MalformedEventFilter;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A background fetch's retry rules as {@code @trigger.dev/core} and v2's PerformTaskOperationService
 * apply them: {@code calculateRetryAt} (factor, min/max timeout, randomize, limit), the first
 * strategy whose status pattern (and body filter) fits a response, and {@code calculateResetAt}
 * for the {@code headers} strategy.
 */
final class RetryRules {

    private static final Pattern OPENAI_DURATION =
            Pattern.compile("^(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+(?:\\.\\d+)?)s)?(?:(\\d+)ms)?$");

    private RetryRules() {}

    /**
     * When to try again after {@code attempts} attempts failed (the SDK passes attempts − 1), or
     * null when the limit is reached; {@code random} is in [0, 1).
     */
    static Instant retryAt(JsonNode options, int attempts, Instant now, double random) {
        double limit = number(options, "limit", 5);
        double factor = number(options, "factor", 1.8);
        double min = number(options, "minTimeoutInMs", 1000);
        double max = number(options, "maxTimeoutInMs", 60000);
        boolean randomize =
                !options.has("randomize") || options.path("randomize").asBoolean(true);
        if (attempts + 1 >= limit) {
            return null;
        }
        double spread = randomize ? random + 1 : 1;
        long timeout = Math.round(spread * Math.max(min, 1) * Math.pow(factor, Math.max(attempts - 1, 0)));
        return now.plusMillis(Math.min(timeout, (long) max));
    }

    static Instant retryAt(JsonNode options, int attempts) {
        return retryAt(
                options, attempts, Instant.now(), ThreadLocalRandom.current().nextDouble());
    }

    /** The first strategy of {@code retry} (status pattern to strategy) that fits the response, else null. */
    static JsonNode strategyFor(JsonNode retry, int status, JsonNode body) {
        for (Iterator<Map.Entry<String, JsonNode>> entries = retry.fields(); entries.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = entries.next();
            if (!inRange(status, entry.getKey())) {
                continue;
            }
            JsonNode strategy = entry.getValue();
            if (strategy.hasNonNull("bodyFilter")) {
                if (body == null || body.isNull() || !bodyMatches(body, strategy.get("bodyFilter"))) {
                    continue;
                }
            }
            return strategy;
        }
        return null;
    }

    /** v2's isStatusCodeInRange: "all", a list "401,403", a range "500-599", "5xx", "42x", or one code. */
    static boolean inRange(int status, String range) {
        if (range.equals("all")) {
            return true;
        }
        if (range.contains(",")) {
            for (String code : range.split(",")) {
                if (code.trim().equals(Integer.toString(status))) {
                    return true;
                }
            }
            return false;
        }
        String[] bounds = range.split("-", -1);
        if (bounds.length > 1 && !bounds[1].isEmpty()) {
            Long low = jsInt(bounds[0]);
            Long high = jsInt(bounds[1]);
            return low != null && high != null && status >= low && status <= high;
        }
        String start = bounds[0];
        if (start.endsWith("xx")) {
            return Integer.toString(status / 100).equals(start.substring(0, start.length() - 2));
        }
        if (start.endsWith("x") && Integer.toString(status).startsWith(start.substring(0, start.length() - 1))) {
            return true;
        }
        Long code = jsInt(start);
        return code != null && status == code;
    }

    /** calculateResetAt: when the {@code headers} strategy's reset header says to try again; null when unreadable. */
    static Instant resetAt(String value, String format, Instant now) {
        if (value == null) {
            return null;
        }
        try {
            return switch (format) {
                case "unix_timestamp_in_ms" -> Instant.ofEpochMilli(leadingLong(value));
                case "iso_8601" -> OffsetDateTime.parse(value).toInstant();
                case "iso_8601_duration_openai_variant" -> openAiDuration(value, now);
                default -> Instant.ofEpochSecond(leadingLong(value));
            };
        } catch (NumberFormatException | DateTimeParseException e) {
            return null;
        }
    }

    private static Instant openAiDuration(String value, Instant now) {
        Matcher match = OPENAI_DURATION.matcher(value);
        if (!match.matches()) {
            return null;
        }
        Duration duration = Duration.ofDays(part(match.group(1)))
                .plusHours(part(match.group(2)))
                .plusMinutes(part(match.group(3)))
                .plusMillis(Math.round((match.group(4) == null ? 0 : Double.parseDouble(match.group(4))) * 1000))
                .plusMillis(part(match.group(5)));
        return now.plus(duration);
    }

    private static boolean bodyMatches(JsonNode body, JsonNode filter) {
        JsonNode parsed = FilterSchema.parse(filter);
        try {
            return parsed != null && EventFilter.matches(body, parsed);
        } catch (MalformedEventFilter e) {
            return false;
        }
    }

    private static long part(String group) {
        return group == null ? 0 : Long.parseLong(group);
    }

    // parseInt("500abc") is 500 in JavaScript; NaN (null here: no digits) compares false with everything.
    private static Long jsInt(String text) {
        try {
            return leadingLong(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static long leadingLong(String text) {
        Matcher digits = Pattern.compile("^\\s*([+-]?\\d+)").matcher(text);
        if (!digits.find()) {
            throw new NumberFormatException(text);
        }
        return Long.parseLong(digits.group(1));
    }

    private static double number(JsonNode options, String field, double fallback) {
        JsonNode value = options.path(field);
        return value.isNumber() ? value.doubleValue() : fallback;
    }
}
