package io.kongflow.jobs.schedules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kongflow.jobs.registration.ScheduleCalculator;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Which tick a due schedule fires, and when the next one is: on time, late, and after downtime. */
class TickTimesTest {

    private static final Instant NOON = Instant.parse("2026-12-07T12:00:00Z");

    @Test
    void anIntervalOnTimeFiresAtItsTimeAndAdvancesOnePeriod() {
        Instant due = Instant.parse("2026-12-07T12:00:00.123456Z");
        TickTimes tick = TickTimes.interval(20, due, due.plusMillis(3));
        assertEquals(Instant.parse("2026-12-07T12:00:00.123Z"), tick.ts(), "whole milliseconds, as the event id");
        assertEquals(Instant.parse("2026-12-07T12:00:20.123Z"), tick.next());
    }

    @Test
    void anIntervalAfterDowntimeFiresOnceAsItsLatestMissedTick() {
        // Due at noon every 20 s, seen 95 s later: the ticks of 12:00:00 … 12:01:20 were missed.
        TickTimes tick = TickTimes.interval(20, NOON, NOON.plusSeconds(95));
        assertEquals(NOON.plusSeconds(80), tick.ts());
        assertEquals(NOON.plusSeconds(100), tick.next(), "the next tick is in the future");
    }

    @Test
    void aCronOnTimeFiresAtItsMinuteInUtcAndAdvancesToTheNext() {
        Instant due = Instant.parse("2026-12-07T03:15:00Z");
        TickTimes tick = TickTimes.cron("15 3 * * *", due, due.plusMillis(40));
        assertEquals(due, tick.ts());
        assertEquals(Instant.parse("2026-12-08T03:15:00Z"), tick.next());
        assertEquals("2026-12-07T03:15:00.000Z", TickTimes.iso(tick.ts()), "as Date.toISOString() writes it");
    }

    @Test
    void aCronAfterDowntimeFiresOnceAsItsLatestMissedMinute() {
        Instant due = Instant.parse("2026-12-01T03:15:00Z");
        TickTimes tick = TickTimes.cron("15 3 * * *", due, Instant.parse("2026-12-07T09:00:00Z"));
        assertEquals(Instant.parse("2026-12-07T03:15:00Z"), tick.ts());
        assertEquals(Instant.parse("2026-12-08T03:15:00Z"), tick.next());

        TickTimes everyMinute =
                TickTimes.cron("* * * * *", NOON, NOON.plusSeconds(7_200).plusMillis(999));
        assertEquals(NOON.plusSeconds(7_200), everyMinute.ts(), "seen within the minute it fell due");
        assertEquals(NOON.plusSeconds(7_260), everyMinute.next());
    }

    @Test
    void aCronDueAtATimeItNeverFiresAtFiresThenAndFollowsTheExpression() {
        // next_event_at is always a cron time when registration writes it; a hand-edited one still fires once.
        Instant due = Instant.parse("2026-12-07T03:16:30Z");
        TickTimes tick = TickTimes.cron("15 3 * * *", due, due.plusSeconds(1));
        assertEquals(due, tick.ts());
        assertEquals(Instant.parse("2026-12-08T03:15:00Z"), tick.next());
    }

    @Test
    void lastCronIsTheLatestFiringAtOrBeforeTheInstantAsWalkingForwardFindsIt() {
        Random random = new Random(27);
        List<String> expressions = List.of(
                "* * * * *",
                "*/5 * * * *",
                "15 3 * * *",
                "0 0 1 * *",
                "0 9-17 * * 1-5",
                "30 2 * * 0",
                "0 0 29 2 *",
                "@hourly",
                "7,37 */2 * * *",
                "0 12 1,15 * 3");
        for (String expression : expressions) {
            for (int i = 0; i < 40; i++) {
                Instant at = NOON.plusSeconds(random.nextInt(86_400 * 400)).plusMillis(random.nextInt(1000));
                Optional<Instant> last = ScheduleCalculator.lastCron(expression, at);
                assertTrue(last.isPresent(), expression);
                assertTrue(!last.get().isAfter(at), expression + " at " + at + ": " + last.get());
                Instant next = ScheduleCalculator.nextCron(expression, last.get());
                assertTrue(next.isAfter(at), expression + " at " + at + ": " + last.get() + " then " + next);
            }
            Instant onTheMinute = ScheduleCalculator.nextCron(expression, NOON);
            assertEquals(Optional.of(onTheMinute), ScheduleCalculator.lastCron(expression, onTheMinute), expression);
            assertEquals(
                    Optional.of(onTheMinute),
                    ScheduleCalculator.lastCron(expression, onTheMinute.plus(999, ChronoUnit.MILLIS)),
                    expression);
        }
    }
}
