package io.kongflow.jobs.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kongflow.jobs.console.ConsoleViews.AttemptLine;
import io.kongflow.jobs.console.ConsoleViews.RunLine;
import io.kongflow.jobs.console.ConsoleViews.RunView;
import io.kongflow.jobs.console.ConsoleViews.TaskLine;
import io.kongflow.jobs.console.ConsoleViews.Timeline;
import io.kongflow.jobs.console.ConsoleViews.TimelineBar;
import io.kongflow.jobs.console.RunListReads.RunRow;
import io.kongflow.jobs.console.RunPageReads.RunRecord;
import io.kongflow.jobs.console.RunPageReads.TaskRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/** Turns a run and its task rows into its page: the task tree (masked as asked), the waterfall. */
final class RunPages {

    /** Bars the waterfall draws at most (the tree shows every task). */
    static final int MAX_BARS = 200;

    private static final int BAR_HEIGHT = 18;

    private RunPages() {}

    static RunLine line(RunRow run) {
        return new RunLine(
                run.id().toString(),
                run.number(),
                run.status().name(),
                Display.statusClass(run.status()),
                run.test(),
                run.jobSlug(),
                run.version(),
                Display.time(run.createdAt()),
                Display.time(run.startedAt()),
                Display.duration(run.startedAt(), run.status().isFinal() ? run.completedAt() : null),
                run.executions());
    }

    /** {@code traceLink}: the trace viewer's URL of a trace id, or null (kongflow.traces.viewer-url). */
    static RunView page(
            RunRecord run,
            List<TaskRecord> tasks,
            ObjectMapper json,
            java.util.function.UnaryOperator<String> traceLink) {
        boolean finished = run.status().isFinal();
        String trigger = Display.trigger(json, run.trigger());
        return new RunView(
                run.id().toString(),
                run.number(),
                run.status().name(),
                Display.statusClass(run.status()),
                finished,
                run.jobSlug(),
                run.jobTitle(),
                run.version(),
                run.environmentSlug(),
                run.test(),
                startedBy(run, trigger),
                run.eventName(),
                run.eventId(),
                run.eventSource(),
                Display.json(json, Display.parse(json, run.payload())),
                Display.json(json, Display.parse(json, run.context())),
                Display.time(run.createdAt()),
                Display.time(run.startedAt()),
                Display.time(run.completedAt()),
                Display.duration(run.startedAt(), finished ? run.completedAt() : null),
                run.executionCount(),
                Display.duration(run.executionMillis()),
                finished ? "" : Display.time(run.nextExecutionAt()),
                Display.json(json, Display.parse(json, run.output())),
                Display.statusClass(run.status()).equals("failed"),
                run.taskCount(),
                run.taskCount() > tasks.size(),
                tree(tasks, json),
                timeline(run, tasks),
                run.traceId(),
                traceLink.apply(run.traceId()));
    }

    private static String startedBy(RunRecord run, String trigger) {
        if (run.test()) {
            return "a test run";
        }
        if ("dev.trigger.scheduled".equals(run.eventName())) {
            return "a schedule tick";
        }
        return "invoke".equals(trigger) ? "an invocation" : "an event";
    }

    /** A task still to be written, at its depth in the tree. */
    private record Pending(TaskRecord task, int depth) {}

    /** The tasks depth first, each after its parent, in execution order among siblings. */
    static List<TaskLine> tree(List<TaskRecord> tasks, ObjectMapper json) {
        Map<UUID, List<TaskRecord>> children = new HashMap<>();
        Map<UUID, TaskRecord> byId = new LinkedHashMap<>();
        tasks.forEach(task -> byId.put(task.id(), task));
        List<TaskRecord> roots = new ArrayList<>();
        for (TaskRecord task : tasks) {
            if (task.parentId() != null && byId.containsKey(task.parentId())) {
                children.computeIfAbsent(task.parentId(), id -> new ArrayList<>())
                        .add(task);
            } else {
                roots.add(task);
            }
        }
        List<TaskLine> lines = new ArrayList<>(tasks.size());
        // Iterative, so that a deep chain of subtasks cannot overflow the stack.
        ArrayDeque<Pending> stack = new ArrayDeque<>();
        for (int i = roots.size() - 1; i >= 0; i--) {
            stack.push(new Pending(roots.get(i), 0));
        }
        while (!stack.isEmpty()) {
            Pending top = stack.pop();
            lines.add(line(top.task(), top.depth(), json));
            List<TaskRecord> under = children.getOrDefault(top.task().id(), List.of());
            for (int i = under.size() - 1; i >= 0; i--) {
                stack.push(new Pending(under.get(i), top.depth() + 1));
            }
        }
        return lines;
    }

    private static TaskLine line(TaskRecord task, int depth, ObjectMapper json) {
        JsonNode style = Display.parse(json, task.style());
        boolean log = task.noop() && "log".equals(task.name()) && "log".equals(task.icon());
        JsonNode redact = Display.parse(json, task.redact());
        List<AttemptLine> attempts = new ArrayList<>();
        JsonNode stored = Display.parse(json, task.attempts());
        if (stored != null) {
            stored.forEach(attempt -> attempts.add(new AttemptLine(
                    attempt.path("number").asInt(),
                    attempt.path("status").asText(),
                    attempt.path("error").isNull() ? "" : attempt.path("error").asText())));
        }
        boolean waiting = "WAITING".equals(task.status()) && task.delayUntil() != null;
        return new TaskLine(
                task.id().toString(),
                Math.min(depth, 12),
                task.name(),
                task.displayKey() == null ? "" : task.displayKey(),
                task.icon() == null ? "" : task.icon(),
                task.status(),
                Display.statusClass(task.status()),
                log,
                log && style != null ? style.path("variant").asText("info") : "",
                task.description() == null ? "" : task.description(),
                Display.json(json, Redaction.params(Display.parse(json, task.params()))),
                Display.json(json, Redaction.output(Display.parse(json, task.output()), redact)),
                task.error() == null ? "" : task.error(),
                attempts.size() > 1
                                || attempts.stream().anyMatch(a -> !a.error().isEmpty())
                        ? attempts
                        : List.of(),
                Display.time(task.startedAt()),
                Display.duration(task.startedAt(), task.completedAt() == null ? null : task.completedAt()),
                waiting ? Display.time(task.delayUntil()) : "");
    }

    /**
     * The waterfall over the run's span (created to completed, or now): first the time the run
     * waited to start (queued), then one row with each execution's time on the endpoint (the gaps
     * between them are the time the run waited or was queued), then each task from its start to
     * its end; a wait shows as "waiting" until it continues.
     */
    static Timeline timeline(RunRecord run, List<TaskRecord> tasks) {
        Instant start = run.createdAt();
        Instant end = run.status().isFinal() && run.completedAt() != null ? run.completedAt() : Instant.now();
        double span = Math.max(1, Duration.between(start, end).toMillis());
        List<TimelineBar> bars = new ArrayList<>();
        Instant began = run.startedAt() == null ? end : run.startedAt();
        bars.add(bar("queued", "queued", start, began, start, span, 0, "waited to start"));
        List<RunPageReads.Execution> executions = run.executions();
        for (int i = 0; i < executions.size(); i++) {
            RunPageReads.Execution execution = executions.get(i);
            bars.add(bar(
                    i == 0 ? "on the endpoint" : "",
                    "executing",
                    execution.start(),
                    execution.end(),
                    start,
                    span,
                    1,
                    "execution " + (run.executionCount() - executions.size() + i + 1) + " on the endpoint"));
        }
        int row = executions.isEmpty() ? 1 : 2;
        for (TaskRecord task : tasks) {
            if (row >= MAX_BARS || task.startedAt() == null) {
                continue;
            }
            boolean log = task.noop() && "log".equals(task.name());
            boolean wait = task.delayUntil() != null;
            Instant taskEnd = task.completedAt() != null ? task.completedAt() : wait ? task.delayUntil() : end;
            String label = task.displayKey() != null ? task.displayKey() : task.name();
            bars.add(bar(
                    label,
                    log ? "log" : wait ? "waiting" : Display.statusClass(task.status()),
                    task.startedAt(),
                    taskEnd,
                    start,
                    span,
                    row++,
                    task.status()));
        }
        return new Timeline(bars, row * BAR_HEIGHT + 4, Display.duration((long) span));
    }

    private static TimelineBar bar(
            String label, String kind, Instant from, Instant to, Instant start, double span, int row, String title) {
        double x = Math.max(0, Math.min(100, Duration.between(start, from).toMillis() / span * 100));
        double width =
                Math.max(0.3, Math.min(100 - x, Duration.between(from, to).toMillis() / span * 100));
        return new TimelineBar(
                label,
                kind,
                String.format(Locale.ROOT, "%.2f%%", x),
                String.format(Locale.ROOT, "%.2f%%", width),
                row * BAR_HEIGHT + 2,
                row * BAR_HEIGHT + 14,
                title + ", " + Display.duration(Duration.between(from, to).toMillis()));
    }
}
