package io.kongflow.jobs.schedules;

import io.kongflow.jobs.registration.ScheduleCalculator;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * A due schedule's tick and the one after it. The tick is the latest time the schedule fell due at
 * (or before) the database's now, never earlier than its {@code next_event_at}: after downtime the
 * missed ticks fire once, as the latest of them. Times are whole milliseconds, as the event id and
 * the SDK's dates are.
 */
record TickTimes(Instant ts, Instant next) {

    private static final DateTimeFormatter ISO =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    /** The tick of a cron schedule (UTC) due at {@code due}, seen at {@code now}. */
    static TickTimes cron(String expression, Instant due, Instant now) {
        Instant ts = ScheduleCalculator.lastCron(expression, now)
                .filter(last -> !last.isBefore(due))
                .orElse(due)
                .truncatedTo(ChronoUnit.MILLIS);
        return new TickTimes(ts, ScheduleCalculator.nextCron(expression, now.isAfter(ts) ? now : ts));
    }

    /** The tick of an interval schedule due at {@code due}, seen at {@code now}: a whole number of periods on. */
    static TickTimes interval(int seconds, Instant due, Instant now) {
        long period = seconds * 1_000L;
        Instant first = due.truncatedTo(ChronoUnit.MILLIS);
        long behind = Math.max(0, now.toEpochMilli() - first.toEpochMilli());
        Instant ts = first.plusMillis(behind / period * period);
        return new TickTimes(ts, ScheduleCalculator.nextInterval(seconds, ts));
    }

    /** An instant as JavaScript's {@code Date.toISOString()} writes it (v2 stored the payload's dates so). */
    static String iso(Instant instant) {
        return instant == null ? null : ISO.format(instant);
    }
}
