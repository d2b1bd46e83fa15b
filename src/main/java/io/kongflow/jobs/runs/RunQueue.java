package io.kongflow.jobs.runs;

import io.kongflow.jobs.persistence.Parameters;
import io.kongflow.jobs.persistence.Postgres;
import io.kongflow.jobs.persistence.RunStatus;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * Queue accounting for the executor: a QUEUED run starts only while its queue has a free place
 * ({@code job_count < max_jobs}, taken atomically), and finishing a started run frees it again.
 */
@ApplicationScoped
public class RunQueue {

    private static final String LOCK_RUN = """
            SELECT queue_id, status FROM job_runs WHERE id = :runId FOR UPDATE""";

    private static final String TAKE_PLACE = """
            UPDATE job_queues SET job_count = job_count + 1, updated_at = now()
            WHERE id = :queueId AND job_count < max_jobs
            RETURNING id""";

    private static final String START = """
            UPDATE job_runs SET status = 'STARTED', started_at = now(), updated_at = now() WHERE id = :runId""";

    private static final String FINISH = """
            UPDATE job_runs SET status = :status, completed_at = now(), updated_at = now() WHERE id = :runId""";

    private static final String FREE_PLACE = """
            UPDATE job_queues SET job_count = GREATEST(job_count - 1, 0), updated_at = now() WHERE id = :queueId""";

    private record LockedRun(UUID queueId, RunStatus status) {
        static LockedRun from(Row row) {
            return new LockedRun(row.getUUID("queue_id"), RunStatus.valueOf(row.getString("status")));
        }
    }

    private final Postgres postgres;

    RunQueue(Postgres postgres) {
        this.postgres = postgres;
    }

    /** True when the run moved from QUEUED to STARTED; false when its queue is full or it is not QUEUED. */
    public Uni<Boolean> start(UUID runId) {
        return postgres.transaction(sql -> sql.first(LOCK_RUN, Parameters.with("runId", runId), LockedRun::from)
                .chain(run -> {
                    if (run == null || run.status() != RunStatus.QUEUED) {
                        return Uni.createFrom().item(false);
                    }
                    return sql.first(TAKE_PLACE, Parameters.with("queueId", run.queueId()), row -> row.getUUID("id"))
                            .chain(taken -> taken == null
                                    ? Uni.createFrom().item(false)
                                    : sql.execute(START, Parameters.with("runId", runId))
                                            .replaceWith(true));
                }));
    }

    /** Ends a run with a final status; a run that held a queue place gives it back. False if already final. */
    public Uni<Boolean> finish(UUID runId, RunStatus status) {
        if (!status.isFinal()) {
            throw new IllegalArgumentException(status + " is not a final status");
        }
        return postgres.transaction(sql -> sql.first(LOCK_RUN, Parameters.with("runId", runId), LockedRun::from)
                .chain(run -> {
                    if (run == null || run.status().isFinal()) {
                        return Uni.createFrom().item(false);
                    }
                    Uni<Integer> free = RunStates.RUNNING.contains(run.status().name())
                            ? sql.execute(FREE_PLACE, Parameters.with("queueId", run.queueId()))
                            : Uni.createFrom().item(0);
                    return free.chain(() -> sql.execute(
                                    FINISH, Parameters.with("runId", runId).and("status", status.name())))
                            .replaceWith(true);
                }));
    }
}
