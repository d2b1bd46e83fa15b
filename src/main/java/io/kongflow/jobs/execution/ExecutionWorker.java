package io.kongflow.jobs.execution;

import io.kongflow.jobs.config.ExecutionSettings;
import io.kongflow.jobs.config.KongflowConfig;
import io.kongflow.jobs.work.WakeTimer;
import io.kongflow.jobs.work.WorkLoops;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Claims due runs and executes them, at most {@code concurrency} at a time on this replica; woken
 * by a timer (the safety net), by wake-ups from PostgreSQL, whenever one of its executions ends,
 * and when the next wait or retry delay recorded in the database ends. On shutdown it stops
 * claiming, lets its executions in flight end within the drain timeout and releases the leases of
 * the others to the other replicas.
 */
@ApplicationScoped
public class ExecutionWorker {

    /** Claim loops at once; SKIP LOCKED keeps them off each other's runs. */
    static final int CLAIMERS = 4;

    private final ExecutionSettings config;
    private final ExecutionClaims claims;
    private final RunExecutor executor;
    private final HeldLeases leases;
    private final Vertx vertx;
    private final AtomicInteger running = new AtomicInteger();
    private final WorkLoops claimers;
    private final WakeTimer dueTimer;
    private final Object drained = new Object();
    private volatile boolean stopped;
    private long timer = -1;

    ExecutionWorker(
            KongflowConfig config, ExecutionClaims claims, RunExecutor executor, HeldLeases leases, Vertx vertx) {
        this.config = config.execution();
        this.claims = claims;
        this.executor = executor;
        this.leases = leases;
        this.vertx = vertx;
        this.claimers = new WorkLoops(vertx, CLAIMERS, this::claimNext);
        this.dueTimer = new WakeTimer(vertx, this::wake);
    }

    void start(@Observes StartupEvent event) {
        LeaseSettings.of(config).checked();
        if (config.workerEnabled()) {
            leases.startRenewing();
            timer = vertx.setPeriodic(config.pollInterval().toMillis(), tick -> {
                WorkLoops.onOwnContext(
                        vertx,
                        () -> claims.releaseOrphans()
                                .subscribe()
                                .with(
                                        freed -> {},
                                        failure -> Log.debugf("Could not release orphan slots: %s", failure)));
                wake();
            });
        }
    }

    /**
     * Stops claiming and handing over, waits (on the shutdown thread) for the executions in flight
     * up to the drain timeout, then releases the leases of those still running: another replica
     * takes their runs at once, and their answers, should they come, are fenced off.
     */
    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        stopped = true;
        synchronized (this) {
            if (timer >= 0) {
                vertx.cancelTimer(timer);
            }
        }
        dueTimer.close();
        if (!config.workerEnabled()) {
            return;
        }
        Log.infof("Shutting down: waiting up to %s for %d executions in flight", config.drainTimeout(), running.get());
        long deadline = System.nanoTime() + config.drainTimeout().toNanos();
        synchronized (drained) {
            for (long left = config.drainTimeout().toMillis(); running.get() > 0 && left > 0; ) {
                drained.wait(left);
                left = (deadline - System.nanoTime()) / 1_000_000;
            }
        }
        List<Claim> unfinished = leases.held();
        try {
            if (!unfinished.isEmpty()) {
                long released = leases.release(unfinished).await().atMost(Duration.ofSeconds(5));
                Log.infof("Released the leases of %d executions still in flight at shutdown", released);
            }
        } catch (RuntimeException failure) {
            Log.warnf("Could not release the leases of %d executions at shutdown: %s", unfinished.size(), failure);
        } finally {
            leases.stopRenewing();
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
        claimers.wake();
    }

    private void claimNext() {
        if (stopped) {
            // No place was taken: giving one back would make the shutdown drain think executions ended.
            claimers.done();
            return;
        }
        // The place is taken before the claim, so concurrent claim loops never exceed the concurrency.
        if (running.incrementAndGet() > config.concurrency()) {
            left();
            claimers.done();
            return;
        }
        Uni.createFrom()
                .deferred(claims::claim)
                .subscribe()
                .with(
                        attempt -> {
                            if (attempt.claim() == null) {
                                left();
                            } else {
                                execute(attempt.claim(), 0);
                            }
                            if (attempt.more()) {
                                claimNext();
                            } else {
                                wakeWhenDue(attempt.nextDueInMs());
                                claimers.done();
                            }
                        },
                        failure -> {
                            left();
                            Log.warnf("Could not claim a run execution: %s", failure.getMessage());
                            claimers.done();
                        });
    }

    /**
     * Executes a claim on this replica's place; when the execution's queue slot is handed over to
     * the queue's next run, that run is executed on the same place without a claim.
     */
    private void execute(Claim claim, int handOvers) {
        if (stopped) {
            giveBack(claim);
            return;
        }
        leases.hold(claim);
        // Bounded: a claim takes the oldest due run of every queue with room, so one busy queue
        // cannot keep this replica's places from the others' older runs for longer than this.
        boolean handOver = !stopped && handOvers < config.maxHandOvers();
        WorkLoops.onOwnContext(
                vertx,
                () -> Uni.createFrom()
                        .deferred(() -> executor.execute(claim, handOver))
                        .subscribe()
                        .with(
                                ended -> {
                                    leases.drop(claim);
                                    if (ended.next() != null) {
                                        execute(ended.next(), handOvers + 1);
                                    } else {
                                        finished();
                                    }
                                },
                                failure -> {
                                    leases.drop(claim);
                                    Log.warnf("Run %s execution %d failed: %s", claim.runId(), claim.token(), failure);
                                    finished();
                                }));
    }

    /** A run claimed or handed over while stopping goes back to the other replicas unexecuted. */
    private void giveBack(Claim claim) {
        leases.release(List.of(claim)).subscribe().with(released -> finished(), failure -> {
            Log.warnf("Could not release run %s at shutdown (its lease will expire): %s", claim.runId(), failure);
            finished();
        });
    }

    /** A wait ending before the next poll wakes this replica on time; later ones are left to the poll. */
    private void wakeWhenDue(Long delayMs) {
        if (delayMs != null && delayMs < config.pollInterval().toMillis()) {
            dueTimer.wakeIn(delayMs);
        }
    }

    private void finished() {
        left();
        wake();
    }

    /** A place is free again; the last one wakes a shutdown waiting for the executions to end. */
    private void left() {
        if (running.decrementAndGet() == 0 && stopped) {
            synchronized (drained) {
                drained.notifyAll();
            }
        }
    }
}
