package io.kongflow.jobs.registration;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Computes the next event time (UTC) of a trigger.dev v2 cron or interval schedule.
 *
 * <p>Cron expressions use the standard 5-field UNIX dialect ({@code minute hour day-of-month month day-of-week}):
 * {@code *}, lists, ranges, steps, month and weekday names, Sunday as {@code 0} or {@code 7}; when both day fields
 * are restricted, a day matches if either one matches (the classic cron OR rule). The macros {@code @yearly},
 * {@code @annually}, {@code @monthly}, {@code @weekly}, {@code @daily}, {@code @midnight} and {@code @hourly} are
 * also accepted (case-insensitive); {@code @reboot} and the Quartz extensions ({@code ?}, {@code L}, {@code W},
 * {@code #}, seconds or year fields) are not.
 */
public final class ScheduleCalculator {

    private static final Map<String, String> MACROS = Map.of(
            "@yearly", "0 0 1 1 *",
            "@annually", "0 0 1 1 *",
            "@monthly", "0 0 1 * *",
            "@weekly", "0 0 * * 0",
            "@daily", "0 0 * * *",
            "@midnight", "0 0 * * *",
            "@hourly", "0 * * * *");

    private static final int FIELD_COUNT = 5;
    private static final int CACHE_LIMIT = 1024;
    // Any fixed instant works: a 5-field cron has no year, so it either fires every few years or never.
    private static final ZonedDateTime FEASIBILITY_PROBE = ZonedDateTime.of(2000, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

    // CronParser is immutable and documented thread-safe since cron-utils 9.1.7; parsed ExecutionTimes are too.
    private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    private static final Map<String, ExecutionTime> CACHE = new ConcurrentHashMap<>();

    private ScheduleCalculator() {}

    /**
     * Returns the first time strictly after {@code after} at which the cron expression fires, in UTC.
     *
     * @throws IllegalArgumentException if the expression is invalid
     * @throws IllegalStateException if the expression never fires (e.g. {@code "0 0 30 2 *"})
     */
    public static Instant nextCron(String expression, Instant after) {
        Objects.requireNonNull(after, "after");
        // Cron fires on whole minutes, so dropping the fraction keeps "strictly after" exact.
        ZonedDateTime from = after.truncatedTo(ChronoUnit.SECONDS).atZone(ZoneOffset.UTC);
        return executionTime(expression)
                .nextExecution(from)
                .map(ZonedDateTime::toInstant)
                .orElseThrow(() -> new IllegalStateException(
                        "Cron expression '" + expression + "' has no execution after " + after));
    }

    /**
     * Returns the last time at or before {@code atOrBefore} at which the cron expression fires, in
     * UTC, or empty if it never fired before then.
     *
     * @throws IllegalArgumentException if the expression is invalid
     */
    public static Optional<Instant> lastCron(String expression, Instant atOrBefore) {
        Objects.requireNonNull(atOrBefore, "atOrBefore");
        // cron-utils answers the last execution strictly before its argument; cron fires on whole
        // minutes, so one second past the truncated instant includes the instant itself.
        ZonedDateTime until =
                atOrBefore.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1).atZone(ZoneOffset.UTC);
        return executionTime(expression).lastExecution(until).map(ZonedDateTime::toInstant);
    }

    /**
     * Returns {@code after} plus {@code seconds}; the allowed range is validated by the caller.
     *
     * @throws IllegalArgumentException if {@code seconds} is not positive
     */
    public static Instant nextInterval(int seconds, Instant after) {
        Objects.requireNonNull(after, "after");
        if (seconds <= 0) {
            throw new IllegalArgumentException("Interval seconds must be positive but was " + seconds);
        }
        return after.plusSeconds(seconds);
    }

    /**
     * Describes what is wrong with a cron expression, or returns empty if it is valid and fires at least once.
     */
    public static Optional<String> cronProblem(String expression) {
        ExecutionTime executionTime;
        try {
            executionTime = executionTime(expression);
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
        if (executionTime.nextExecution(FEASIBILITY_PROBE).isEmpty()) {
            return Optional.of("Cron expression '" + expression + "' never matches any date");
        }
        return Optional.empty();
    }

    private static ExecutionTime executionTime(String expression) {
        if (expression == null || expression.isBlank()) {
            throw new IllegalArgumentException("Cron expression must not be empty");
        }
        ExecutionTime cached = CACHE.get(expression);
        if (cached != null) {
            return cached;
        }
        ExecutionTime parsed = ExecutionTime.forCron(parse(expression));
        if (CACHE.size() >= CACHE_LIMIT) {
            CACHE.clear(); // crude, but the working set of distinct expressions is small
        }
        CACHE.put(expression, parsed);
        return parsed;
    }

    private static Cron parse(String expression) {
        String trimmed = expression.trim();
        if (trimmed.startsWith("@")) {
            String macro = MACROS.get(trimmed.toLowerCase(Locale.ROOT));
            if (macro == null) {
                throw new IllegalArgumentException("Unsupported cron macro '" + trimmed
                        + "'; supported: @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly");
            }
            return PARSER.parse(macro);
        }
        // Checked here because cron-utils' own message ("contains 6 parts but we expect one of [5]") is cryptic.
        int fields = trimmed.split("\\s+").length;
        if (fields != FIELD_COUNT) {
            throw new IllegalArgumentException("Cron expression '" + expression + "' has " + fields
                    + " fields; expected 5 (minute hour day-of-month month day-of-week)");
        }
        try {
            return PARSER.parse(trimmed);
        } catch (RuntimeException e) {
            String reason = String.valueOf(e.getMessage()).replaceFirst("^Failed to parse cron expression\\. ", "");
            throw new IllegalArgumentException("Invalid cron expression '" + expression + "': " + reason, e);
        }
    }
}
