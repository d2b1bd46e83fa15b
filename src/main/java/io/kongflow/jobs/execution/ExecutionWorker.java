package io.kongflow.jobs.execution;

import io.kongflow.jobs.config.KongflowConfig;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Claims due runs and executes them, at most {@code concurrency} at a time on this replica; woken
 * by a timer (the safety net), by wake-ups from PostgreSQL, whenever one of its executions ends,
 * and when the next wait or retry delay recorded in the database ends.
 */
@ApplicationScoped
public class ExecutionWorker {

    /** Claim loops at once; SKIP LOCKED keeps them off each other's runs. */
    static final int CLAIMERS = 4;

    private final KongflowConfig.Execution config;
    private final ExecutionClaims claims;
    private final RunExecutor executor;
    private final Vertx vertx;
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger claimers = new AtomicInteger();
    private final AtomicBoolean again = new AtomicBoolean();
    private volatile boolean stopped;
    private long timer = -1;
    private long dueTimer = -1;
    private long dueAt = Long.MAX_VALUE;

    ExecutionWorker(KongflowConfig config, ExecutionClaims claims, RunExecutor executor, Vertx vertx) {
        this.config = config.execution();
        this.claims = claims;
        this.executor = executor;
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent event) {
        if (config.workerEnabled()) {
            timer = vertx.setPeriodic(config.pollInterval().toMillis(), tick -> {
                onOwnContext(() -> claims.releaseOrphans()
                        .subscribe()
                        .with(freed -> {}, failure -> Log.debugf("Could not release orphan slots: %s", failure)));
                wake();
            });
        }
    }

    void stop(@Observes ShutdownEvent event) {
        stopped = true;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /**
     * Claims until a claim finds nothing more to take or this replica is busy, with up to
     * {@link #CLAIMERS} claim loops at once (a claim is a round trip and a commit: one loop alone
     * would bound the executions a replica starts per second); a wake-up while all loops run makes
     * one of them go on.
     */
    public void wake() {
        if (stopped || !config.workerEnabled()) {
            return;
        }
        again.set(true);
        for (int loops = claimers.get(); loops < CLAIMERS; loops = claimers.get()) {
            if (claimers.compareAndSet(loops, loops + 1)) {
                again.set(false);
                onOwnContext(this::claimNext);
                return;
            }
        }
    }

    private void claimNext() {
        // The place is taken before the claim, so concurrent claim loops never exceed the concurrency.
        if (stopped || running.incrementAndGet() > config.concurrency()) {
            running.decrementAndGet();
            done();
            return;
        }
        Uni.createFrom()
                .deferred(claims::claim)
                .subscribe()
                .with(
                        attempt -> {
                            if (attempt.claim() == null) {
                                running.decrementAndGet();
                            } else {
                                execute(attempt.claim(), 0);
                            }
                            if (attempt.more()) {
                                claimNext();
                            } else {
                                wakeWhenDue(attempt.nextDueInMs());
                                done();
                            }
                        },
                        failure -> {
                            running.decrementAndGet();
                            Log.warnf("Could not claim a run execution: %s", failure.getMessage());
                            done();
                        });
    }

    /**
     * Executes a claim on this replica's place; when the execution's queue slot is handed over to
     * the queue's next run, that run is executed on the same place without a claim.
     */
    private void execute(Claim claim, int handOvers) {
        // Bounded: a claim takes the oldest due run of every queue with room, so one busy queue
        // cannot keep this replica's places from the others' older runs for longer than this.
        boolean handOver = !stopped && handOvers < config.maxHandOvers();
        onOwnContext(() -> Uni.createFrom()
                .deferred(() -> executor.execute(claim, handOver))
                .subscribe()
                .with(
                        ended -> {
                            if (ended.next() != null) {
                                execute(ended.next(), handOvers + 1);
                            } else {
                                finished();
                            }
                        },
                        failure -> {
                            Log.warnf("Run %s execution %d failed: %s", claim.runId(), claim.token(), failure);
                            finished();
                        }));
    }

    /** A wait ending before the next poll wakes this replica on time; later ones are left to the poll. */
    private void wakeWhenDue(Long delayMs) {
        if (delayMs != null && delayMs < config.pollInterval().toMillis()) {
            wakeIn(Math.max(1, delayMs));
        }
    }

    private synchronized void wakeIn(long delayMs) {
        long at = System.currentTimeMillis() + delayMs;
        if (dueTimer >= 0 && dueAt <= at) {
            return;
        }
        if (dueTimer >= 0) {
            vertx.cancelTimer(dueTimer);
        }
        dueAt = at;
        dueTimer = vertx.setTimer(delayMs, tick -> {
            synchronized (this) {
                dueTimer = -1;
                dueAt = Long.MAX_VALUE;
            }
            wake();
        });
    }

    private void finished() {
        running.decrementAndGet();
        wake();
    }

    private void done() {
        claimers.decrementAndGet();
        if (again.getAndSet(false)) {
            wake();
        }
    }

    /** Each execution gets a fresh duplicated context, as a request would, not the timer's shared one. */
    private void onOwnContext(Runnable work) {
        Context context =
                VertxContext.createNewDuplicatedContext(vertx.getDelegate().getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(context, true);
        context.runOnContext(ignored -> work.run());
    }
}
