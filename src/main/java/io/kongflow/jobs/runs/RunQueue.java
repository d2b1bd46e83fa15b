package io.kongflow.jobs.runs;

import io.kongflow.jobs.persistence.NativeSql;
import io.kongflow.jobs.persistence.RunStatus;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
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

    /** True when the run moved from QUEUED to STARTED; false when its queue is full or it is not QUEUED. */
    @WithTransaction
    public Uni<Boolean> start(UUID runId) {
        return NativeSql.row(LOCK_RUN, Map.of("runId", runId)).chain(run -> {
            if (run == null || !RunStatus.QUEUED.name().equals(run[1])) {
                return Uni.createFrom().item(false);
            }
            return NativeSql.column(TAKE_PLACE, UUID.class, Map.of("queueId", run[0]))
                    .chain(taken -> taken.isEmpty()
                            ? Uni.createFrom().item(false)
                            : NativeSql.execute(START, Map.of("runId", runId)).replaceWith(true));
        });
    }

    /** Ends a run with a final status; a run that held a queue place gives it back. False if already final. */
    @WithTransaction
    public Uni<Boolean> finish(UUID runId, RunStatus status) {
        if (!status.isFinal()) {
            throw new IllegalArgumentException(status + " is not a final status");
        }
        return NativeSql.row(LOCK_RUN, Map.of("runId", runId)).chain(run -> {
            if (run == null || RunStatus.valueOf((String) run[1]).isFinal()) {
                return Uni.createFrom().item(false);
            }
            Uni<Integer> free = RunStates.RUNNING.contains((String) run[1])
                    ? NativeSql.execute(FREE_PLACE, Map.of("queueId", run[0]))
                    : Uni.createFrom().item(0);
            return free.chain(() -> NativeSql.execute(FINISH, Map.of("runId", runId, "status", status.name())))
                    .replaceWith(true);
        });
    }
}
