package io.kongflow.jobs.registration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class ScheduleCalculatorTest {

    // A Saturday.
    private static final Instant SATURDAY_10AM = Instant.parse("2026-11-28T10:00:00Z");

    private static Instant next(String expression, String after) {
        return ScheduleCalculator.nextCron(expression, Instant.parse(after));
    }

    @Test
    void dailyCronFiresAtTheNextMatchingTime() {
        assertEquals(Instant.parse("2026-11-29T03:00:00Z"), ScheduleCalculator.nextCron("0 3 * * *", SATURDAY_10AM));
    }

    @Test
    void cronIsStrictlyAfterAnInstantThatIsItselfAMatch() {
        assertEquals(Instant.parse("2026-11-30T03:00:00Z"), next("0 3 * * *", "2026-11-29T03:00:00Z"));
    }

    @ParameterizedTest(name = "after {0} -> {1}")
    @CsvSource({
        "2026-11-29T02:59:59.999Z, 2026-11-29T03:00:00Z",
        "2026-11-29T03:00:00.001Z, 2026-11-30T03:00:00Z",
        "2026-11-29T03:00:59Z,     2026-11-30T03:00:00Z",
    })
    void cronHandlesSubSecondAndSubMinuteInstants(String after, String expected) {
        assertEquals(Instant.parse(expected), next("0 3 * * *", after));
    }

    @ParameterizedTest(name = "after {0} -> {1}")
    @CsvSource({
        "2026-11-28T10:00:00Z, 2026-11-28T10:15:00Z",
        "2026-11-28T10:07:30Z, 2026-11-28T10:15:00Z",
        "2026-11-28T10:15:00Z, 2026-11-28T10:30:00Z",
        "2026-11-28T23:45:00Z, 2026-11-29T00:00:00Z",
        "2026-12-31T23:59:00Z, 2027-01-01T00:00:00Z",
    })
    void everyFifteenMinutes(String after, String expected) {
        assertEquals(Instant.parse(expected), next("*/15 * * * *", after));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "0 9 * * 1,       2026-11-30T09:00:00Z", // Monday
        "0 9 * * MON,     2026-11-30T09:00:00Z",
        "0 9 * * 1-5,     2026-11-30T09:00:00Z",
        "0 9 * * 0,       2026-11-29T09:00:00Z", // Sunday as 0 ...
        "0 9 * * 7,       2026-11-29T09:00:00Z", // ... and as 7
        "0 9 * * 6,       2026-12-05T09:00:00Z", // Saturday, but 09:00 today has passed
        "30 10 * * 6,     2026-11-28T10:30:00Z",
        "0 0 31 * *,      2026-12-31T00:00:00Z",
        "0 0 1 JAN *,     2027-01-01T00:00:00Z",
        "0 0 29 2 *,      2028-02-29T00:00:00Z", // next leap day
        "0 0 13 * 5,      2026-12-04T00:00:00Z", // day-of-month OR day-of-week: Friday comes before the 13th
    })
    void cronFieldsAndNamesAreInterpretedAsUnixCron(String expression, String expected) {
        assertEquals(Instant.parse(expected), ScheduleCalculator.nextCron(expression, SATURDAY_10AM));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "@yearly,   2027-01-01T00:00:00Z",
        "@annually, 2027-01-01T00:00:00Z",
        "@monthly,  2026-12-01T00:00:00Z",
        "@weekly,   2026-11-29T00:00:00Z", // Sunday midnight
        "@daily,    2026-11-29T00:00:00Z",
        "@midnight, 2026-11-29T00:00:00Z",
        "@hourly,   2026-11-28T11:00:00Z",
        "@DAILY,    2026-11-29T00:00:00Z",
        "' @hourly ', 2026-11-28T11:00:00Z",
    })
    void macrosMapToTheirFiveFieldEquivalents(String macro, String expected) {
        assertEquals(Instant.parse(expected), ScheduleCalculator.nextCron(macro, SATURDAY_10AM));
        assertEquals(Optional.empty(), ScheduleCalculator.cronProblem(macro));
    }

    @Test
    void extraWhitespaceBetweenFieldsIsAccepted() {
        assertEquals(
                Instant.parse("2026-11-29T03:00:00Z"), ScheduleCalculator.nextCron("  0   3 *\t* * ", SATURDAY_10AM));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0 3 * * *", "*/15 * * * *", "0 9 * * 1", "0 0 1,15 * *", "5-10/2 0-23 * 1-12 0-6"})
    void validExpressionsHaveNoProblem(String expression) {
        assertEquals(Optional.empty(), ScheduleCalculator.cronProblem(expression));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(
            strings = {
                "",
                "   ",
                "61 * * * *",
                "* 24 * * *",
                "* * 0 * *",
                "* * * 13 *",
                "* * * * 8",
                "* * *",
                "hello",
                "@reboot",
                "@every 5m",
                "0 0 3 * * *",
                "0 0 1 1 * 2027",
                "*/0 * * * *",
                "5-1 * * * *",
                "0 0 ? * *",
                "0 0 L * *",
                "0 0 * * 1#2",
                "-1 * * * *"
            })
    void invalidExpressionsReportAProblemAndAreRejectedByNextCron(String expression) {
        Optional<String> problem = ScheduleCalculator.cronProblem(expression);
        assertTrue(problem.isPresent(), "expected a problem for '" + expression + "'");
        assertTrue(!problem.get().isBlank(), "problem message must be readable");

        IllegalArgumentException thrown = assertThrows(
                IllegalArgumentException.class, () -> ScheduleCalculator.nextCron(expression, SATURDAY_10AM));
        assertEquals(problem.get(), thrown.getMessage());
    }

    @Test
    void problemMessagesSayWhatIsWrong() {
        assertTrue(ScheduleCalculator.cronProblem("61 * * * *").orElseThrow().contains("61"));
        assertTrue(ScheduleCalculator.cronProblem("0 0 3 * * *").orElseThrow().contains("expected 5"));
        assertTrue(ScheduleCalculator.cronProblem("@reboot").orElseThrow().contains("@reboot"));
        assertTrue(ScheduleCalculator.cronProblem("").orElseThrow().contains("empty"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0 0 30 2 *", "0 0 31 4,6,9,11 *"})
    void expressionsThatNeverFireAreAProblemAndNextCronThrowsIllegalState(String expression) {
        assertTrue(ScheduleCalculator.cronProblem(expression).orElseThrow().contains("never"));
        assertThrows(IllegalStateException.class, () -> ScheduleCalculator.nextCron(expression, SATURDAY_10AM));
    }

    @Test
    void nextCronRejectsNullAfter() {
        assertThrows(NullPointerException.class, () -> ScheduleCalculator.nextCron("0 3 * * *", null));
    }

    @Test
    void repeatedAndConcurrentCallsAgree() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Instant>> results = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                String expression = (i % 60) + " 3 * * *";
                results.add(pool.submit(() -> ScheduleCalculator.nextCron(expression, SATURDAY_10AM)));
            }
            for (int i = 0; i < results.size(); i++) {
                assertEquals(
                        Instant.parse("2026-11-29T03:00:00Z").plusSeconds(60L * (i % 60)),
                        results.get(i).get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void cacheStaysCorrectPastItsCapacity() {
        // 2 x 1440 distinct expression strings: well past the cache limit, so it gets cleared along the way.
        for (String separator : List.of(" ", "  ")) {
            for (int hour = 0; hour < 24; hour++) {
                for (int minute = 0; minute < 60; minute++) {
                    String expression = minute + separator + hour + " * * *";
                    Instant today = Instant.parse("2026-11-28T00:00:00Z").plusSeconds(3600L * hour + 60L * minute);
                    Instant expected = today.isAfter(SATURDAY_10AM) ? today : today.plusSeconds(86_400);
                    assertEquals(expected, ScheduleCalculator.nextCron(expression, SATURDAY_10AM), expression);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}s")
    @ValueSource(ints = {1, 20, 3600, 2_592_000})
    void intervalAddsSeconds(int seconds) {
        assertEquals(SATURDAY_10AM.plusSeconds(seconds), ScheduleCalculator.nextInterval(seconds, SATURDAY_10AM));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
    void intervalRejectsNonPositiveSeconds(int seconds) {
        assertThrows(IllegalArgumentException.class, () -> ScheduleCalculator.nextInterval(seconds, SATURDAY_10AM));
    }
}
