package io.kongflow.jobs.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kongflow.jobs.console.ConsoleViews.Timeline;
import io.kongflow.jobs.console.ConsoleViews.TimelineBar;
import io.kongflow.jobs.console.RunPageReads.Execution;
import io.kongflow.jobs.console.RunPageReads.RunRecord;
import io.kongflow.jobs.console.RunPageReads.TaskRecord;
import io.kongflow.jobs.persistence.RunStatus;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The run page's waterfall: queued, then the executions on one row, then each task on its own. */
class TimelineTest {

    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

    @Test
    void executionsShareARowBetweenTheQueuedTimeAndTheTasks() {
        RunRecord run =
                run(4, List.of(new Execution(at(1_000), at(2_000)), new Execution(at(6_000), at(7_000))), at(10_000));
        Timeline timeline = RunPages.timeline(
                run, List.of(task("Step 1", at(1_200), at(1_500)), task("wait", at(1_600), at(6_000))));

        List<TimelineBar> bars = timeline.bars();
        assertEquals(
                List.of("queued", "executing", "executing", "ok", "ok"),
                bars.stream().map(TimelineBar::kind).toList());
        assertEquals(
                List.of("queued", "on the endpoint", "", "Step 1", "wait"),
                bars.stream().map(TimelineBar::label).toList());
        assertEquals(
                List.of(2, 20, 20, 38, 56),
                bars.stream().map(TimelineBar::y).toList(),
                "one row each, executions on one");
        assertEquals("10.00%", bars.get(1).x());
        assertEquals("10.00%", bars.get(1).width());
        assertEquals("60.00%", bars.get(2).x());
        assertEquals(
                "execution 4 on the endpoint, 1.0 s",
                bars.get(2).title(),
                "numbered from the run's count: the first ones may be gone");
        assertEquals(4 * 18 + 4, timeline.height());
    }

    @Test
    void aRunOfAnEarlierReleaseHasNoExecutionRow() {
        Timeline timeline =
                RunPages.timeline(run(1, List.of(), at(3_000)), List.of(task("Step 1", at(1_000), at(2_000))));
        assertEquals(
                List.of("queued", "ok"),
                timeline.bars().stream().map(TimelineBar::kind).toList());
        assertEquals(20, timeline.bars().get(1).y());
    }

    private static Instant at(long millis) {
        return T0.plusMillis(millis);
    }

    private static RunRecord run(int executionCount, List<Execution> executions, Instant completed) {
        return new RunRecord(
                UUID.randomUUID(),
                1,
                RunStatus.SUCCESS,
                false,
                T0,
                at(1_000),
                completed,
                null,
                executionCount,
                2_000,
                executions,
                null,
                2,
                "job",
                "Job",
                "1.0.0",
                null,
                "dev",
                "evt",
                "user.created",
                "trigger.dev",
                "{}",
                "{}",
                null);
    }

    private static TaskRecord task(String name, Instant started, Instant completed) {
        return new TaskRecord(
                UUID.randomUUID(),
                null,
                name,
                null,
                null,
                "COMPLETED",
                false,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                started,
                started,
                completed,
                null);
    }
}
