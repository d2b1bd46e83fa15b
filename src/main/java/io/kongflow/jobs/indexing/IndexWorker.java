package io.kongflow.jobs.indexing;

import io.kongflow.jobs.config.KongflowConfig;
import io.kongflow.jobs.work.WorkLoops;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Polls the index queue and runs claimed indexes, at most {@code concurrency} at a time on this
 * replica. Several replicas may poll together: the claim hands each index to one of them.
 */
@ApplicationScoped
public class IndexWorker {

    private final KongflowConfig.Indexing config;
    private final IndexQueue queue;
    private final IndexRunner runner;
    private final Vertx vertx;
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicBoolean polling = new AtomicBoolean();
    private long timer = -1;

    public IndexWorker(KongflowConfig config, IndexQueue queue, IndexRunner runner, Vertx vertx) {
        this.config = config.indexing();
        this.queue = queue;
        this.runner = runner;
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent event) {
        if (config.workerEnabled()) {
            timer = vertx.setPeriodic(config.pollInterval().toMillis(), tick -> poll());
        }
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** Claims as many indexes as there are free slots and runs them; one poll at a time. */
    void poll() {
        int free = config.concurrency() - running.get();
        if (free <= 0 || !polling.compareAndSet(false, true)) {
            return;
        }
        // deferred: even a synchronous throw becomes a failure, so `polling` is always released.
        WorkLoops.onOwnContext(
                vertx,
                () -> Uni.createFrom()
                        .deferred(() -> queue.claim(free))
                        .subscribe()
                        .with(
                                claims -> {
                                    polling.set(false);
                                    claims.forEach(this::runClaimed);
                                },
                                failure -> {
                                    polling.set(false);
                                    Log.warnf("Could not claim endpoint indexes: %s", failure.getMessage());
                                }));
    }

    private void runClaimed(IndexQueue.Claim claim) {
        running.incrementAndGet();
        WorkLoops.onOwnContext(
                vertx,
                () -> Uni.createFrom()
                        .deferred(() -> runner.run(claim.indexId(), claim.attempt()))
                        .subscribe()
                        .with(done -> running.decrementAndGet(), failure -> running.decrementAndGet()));
    }
}
