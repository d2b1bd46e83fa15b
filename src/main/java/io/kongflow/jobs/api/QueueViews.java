package io.kongflow.jobs.api;

import io.kongflow.jobs.persistence.JobQueue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Request and response bodies of the queue routes. */
public final class QueueViews {

    /** The largest concurrency limit a queue may have. */
    public static final int MAX_JOBS_LIMIT = 100_000;

    private QueueViews() {}

    public record QueueView(
            UUID id,
            String name,

            @Schema(description = "The limit: how many runs of the queue may execute at once, across all replicas")
            int maxJobs,

            @Schema(
                    description = "Runs of the queue executing now: each holds a place only while an EXECUTE_JOB "
                            + "call to its endpoint is in flight (waits and retry delays hold none)")
            int jobCount,

            Instant createdAt,
            Instant updatedAt) {
        public static QueueView of(JobQueue queue) {
            return new QueueView(queue.id, queue.name, queue.maxJobs, queue.jobCount, queue.createdAt, queue.updatedAt);
        }
    }

    public record CreateQueue(
            @NotBlank @Size(max = 200) @Schema(examples = "emails")
            String name,

            @NotNull @Min(1) @Max(MAX_JOBS_LIMIT) @Schema(examples = "10")
            Integer maxJobs) {}

    public record ChangeQueue(
            @NotNull @Min(1) @Max(MAX_JOBS_LIMIT) @Schema(examples = "25")
            Integer maxJobs) {}
}
