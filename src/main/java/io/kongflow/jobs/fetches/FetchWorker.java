package io.kongflow.jobs.fetches;

import io.kongflow.jobs.config.KongflowConfig;
import io.kongflow.jobs.persistence.DatabaseFailures;
import io.kongflow.jobs.work.WakeTimer;
import io.kongflow.jobs.work.WorkLoops;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.MDC;

/**
 * Performs due background fetches on this replica, up to {@code kongflow.fetches.concurrency} at
 * once, each loop claiming, fetching and writing the outcome until nothing is due; woken by
 * {@code kongflow_fetches} notifications (a fetch task created on any replica), by a timer at the
 * next due time (a retry, a poll's interval, a lease's end), and by its poll (the safety net).
 */
@ApplicationScoped
public class FetchWorker {

    private final KongflowConfig.Fetches config;
    private final FetchClaims claims;
    private final PerformFetch perform;
    private final FetchOutcomes outcomes;
    private final FetchMetrics metrics;
    private final Vertx vertx;
    private final WorkLoops loops;
    private final WakeTimer dueTimer;
    private volatile boolean stopped;
    private long timer = -1;

    FetchWorker(
            KongflowConfig config,
            FetchClaims claims,
            PerformFetch perform,
            FetchOutcomes outcomes,
            FetchMetrics metrics,
            Vertx vertx) {
        this.config = config.fetches();
        this.claims = claims;
        this.perform = perform;
        this.outcomes = outcomes;
        this.metrics = metrics;
        this.vertx = vertx;
        this.loops = new WorkLoops(vertx, Math.max(1, this.config.concurrency()), this::next);
        this.dueTimer = new WakeTimer(vertx, this::wake);
    }

    void start(@Observes StartupEvent event) {
        if (config.lease().compareTo(config.maxRequestTimeout()) <= 0) {
            throw new IllegalStateException("kongflow.fetches.lease (" + config.lease()
                    + ") must exceed kongflow.fetches.max-request-timeout (" + config.maxRequestTimeout()
                    + "): a fetch still in flight would be taken over");
        }
        if (config.workerEnabled()) {
            timer = vertx.setPeriodic(config.pollInterval().toMillis(), tick -> wake());
            wake();
        }
    }

    synchronized void stop(@Observes ShutdownEvent event) {
        stopped = true;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        dueTimer.close();
    }

    /** Fetches until nothing is due; a wake-up while every loop runs makes one of them go on. */
    public void wake() {
        if (stopped || !config.workerEnabled()) {
            return;
        }
        loops.wake();
    }

    private void next() {
        if (stopped) {
            loops.done();
            return;
        }
        Uni.createFrom()
                .deferred(claims::claim)
                .subscribe()
                .with(
                        claimed -> {
                            if (claimed == null) {
                                wakeWhenNextDue();
                            } else {
                                performOne(claimed);
                            }
                        },
                        failure -> {
                            Log.warnf("Could not claim background fetches: %s", failure.getMessage());
                            loops.done();
                        });
    }

    private void performOne(ClaimedFetch claimed) {
        MDC.put("taskId", claimed.taskId().toString());
        MDC.put("runId", claimed.runId().toString());
        long started = System.nanoTime();
        Uni.createFrom()
                .deferred(() -> perform.perform(claimed))
                .onFailure()
                .recoverWithItem(failure -> FetchOutcome.fail("The fetch failed: " + failure.getMessage()))
                .invoke(outcome -> metrics.attempt(outcome.kind(), System.nanoTime() - started))
                .chain(outcome -> outcomes.write(claimed, outcome)
                        .onFailure(failure -> !DatabaseFailures.isUnavailable(failure))
                        .recoverWithUni(failure -> unstorable(claimed, failure)))
                .subscribe()
                .with(
                        written -> {
                            if (!written) {
                                metrics.superseded();
                                Log.infof(
                                        "Fetch %s ended meanwhile (its run cancelled or failed) or was taken over by"
                                                + " another replica: its outcome is not written",
                                        claimed.taskId());
                            }
                            next();
                        },
                        failure -> {
                            // The lease runs out and the fetch is taken again (counted: at most
                            // PerformFetch.MAX_CLAIMS).
                            Log.warnf(
                                    "Could not record the outcome of fetch %s: %s",
                                    claimed.taskId(), failure.getMessage());
                            loops.done();
                        });
    }

    /** An outcome the database refused (a NUL in a body, …) ends the task saying so, rather than failing forever. */
    private Uni<Boolean> unstorable(ClaimedFetch claimed, Throwable failure) {
        Log.warnf("The outcome of fetch %s could not be stored: %s", claimed.taskId(), failure.getMessage());
        return outcomes.write(
                claimed, FetchOutcome.fail("The fetch's response could not be stored: " + failure.getMessage()));
    }

    /** Nothing is due now: a timer for the next fetch due before the next poll. */
    private void wakeWhenNextDue() {
        claims.nextDueInMs()
                .subscribe()
                .with(
                        dueInMs -> {
                            if (dueInMs != null
                                    && dueInMs < config.pollInterval().toMillis()) {
                                dueTimer.wakeIn(Math.max(1, dueInMs));
                            }
                            loops.done();
                        },
                        failure -> loops.done());
    }
}
