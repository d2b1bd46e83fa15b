package io.kongflow.jobs.execution;

import io.kongflow.jobs.execution.TaskViews.ServerTask;
import io.kongflow.jobs.tracing.TaskSpans;
import java.time.Instant;
import java.util.UUID;

/** A task the tasks API ended, as its span tells it. */
final class EndedTasks {

    private EndedTasks() {}

    static TaskSpans.EndedTask of(ServerTask task) {
        return new TaskSpans.EndedTask(
                UUID.fromString(task.id()),
                task.parentId() == null ? null : UUID.fromString(task.parentId()),
                task.name(),
                null,
                task.status(),
                task.noop(),
                task.noop() && task.delayUntil() != null,
                task.attempts(),
                instant(task.startedAt()),
                instant(task.completedAt()),
                task.error());
    }

    private static Instant instant(String text) {
        return text == null ? null : Instant.parse(text);
    }
}
