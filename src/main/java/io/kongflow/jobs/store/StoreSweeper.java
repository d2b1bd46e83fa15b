package io.kongflow.jobs.store;

import io.kongflow.jobs.config.KongflowConfig;
import io.kongflow.jobs.persistence.Parameters;
import io.kongflow.jobs.persistence.Postgres;
import io.kongflow.jobs.work.WorkLoops;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Deletes the keys of runs that have ended (the SDK's io.store.run), every
 * {@code kongflow.store.sweep-interval}, in batches, off the statements that end runs. Replicas
 * sweeping at once skip each other's rows.
 */
@ApplicationScoped
public class StoreSweeper {

    static final int BATCH = 1000;

    private static final String SWEEP = """
            WITH ended AS (
                SELECT k.environment_id, k.key
                FROM key_value_items k JOIN job_runs r ON r.id = k.run_id
                WHERE k.run_id IS NOT NULL AND r.status = ANY(CAST(:final AS text[]))
                LIMIT :batch
                FOR UPDATE OF k SKIP LOCKED)
            DELETE FROM key_value_items k USING ended e
            WHERE k.environment_id = e.environment_id AND k.key = e.key""";

    private final Postgres postgres;
    private final Vertx vertx;
    private final KongflowConfig.Store config;
    private final WorkLoops sweeps;
    private volatile boolean stopped;
    private long timer = -1;

    StoreSweeper(Postgres postgres, Vertx vertx, KongflowConfig config) {
        this.postgres = postgres;
        this.vertx = vertx;
        this.config = config.store();
        this.sweeps = new WorkLoops(vertx, 1, this::sweep);
    }

    void start(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(config.sweepInterval().toMillis(), tick -> sweeps.wake());
    }

    void stop(@Observes ShutdownEvent event) {
        stopped = true;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** One batch after another while batches come back full. */
    private void sweep() {
        postgres.statements()
                .execute(SWEEP, Parameters.with("final", KeyValueStore.FINAL).and("batch", BATCH))
                .subscribe()
                .with(
                        deleted -> {
                            if (deleted == BATCH && !stopped) {
                                sweep();
                            } else {
                                sweeps.done();
                            }
                        },
                        failure -> {
                            Log.debugf("Keys of ended runs not swept: %s", failure.getMessage());
                            sweeps.done();
                        });
    }
}
