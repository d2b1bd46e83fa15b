package io.kongflow.jobs.schedules;

import io.kongflow.jobs.ops.ServiceMetrics;
import io.kongflow.jobs.work.WakeTimer;
import io.kongflow.jobs.work.WorkLoops;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Fires due schedules on this replica until none is left, whenever woken: by a timer set for the
 * next schedule's time (read by the database's clock, so every replica agrees on it), by its poll
 * (the safety net), and by {@link ScheduleWakeups} when a registration changed a schedule. Several
 * replicas may run it together: each tick is claimed by one of them.
 */
@ApplicationScoped
public class ScheduleWorker {

    /** Fire loops at once; SKIP LOCKED keeps them off each other's schedules. */
    static final int FIRERS = 2;

    /** A due schedule another transaction holds is looked at again this soon. */
    static final long HELD_RETRY_MS = 50;

    private final ScheduleSettings settings;
    private final ScheduleTicks ticks;
    private final ServiceMetrics metrics;
    private final Vertx vertx;
    private final WorkLoops firers;
    private final WakeTimer dueTimer;
    private volatile boolean stopped;
    private long poll = -1;

    ScheduleWorker(ScheduleSettings settings, ScheduleTicks ticks, ServiceMetrics metrics, Vertx vertx) {
        this.settings = settings;
        this.ticks = ticks;
        this.metrics = metrics;
        this.vertx = vertx;
        this.firers = new WorkLoops(vertx, FIRERS, this::fireNext);
        this.dueTimer = new WakeTimer(vertx, this::wake);
    }

    void start(@Observes StartupEvent event) {
        if (settings.workerEnabled()) {
            poll = vertx.setPeriodic(settings.pollInterval().toMillis(), tick -> wake());
            wake();
        }
    }

    /** Stops firing; a tick in flight commits whole or not at all, and another replica fires what is left. */
    synchronized void stop(@Observes ShutdownEvent event) {
        stopped = true;
        if (poll >= 0) {
            vertx.cancelTimer(poll);
        }
        dueTimer.close();
    }

    /** Fires what is due; a wake-up while every loop runs makes one of them go on. */
    public void wake() {
        if (stopped || !settings.workerEnabled()) {
            return;
        }
        firers.wake();
    }

    private void fireNext() {
        if (stopped) {
            firers.done();
            return;
        }
        Uni.createFrom()
                .deferred(ticks::fireDue)
                .subscribe()
                .with(
                        fired -> {
                            if (fired.isEmpty()) {
                                wakeWhenDue();
                            } else {
                                fired.forEach(tick -> metrics.scheduleTick(tick.lagMs(), tick.runStarted()));
                                fireNext();
                            }
                        },
                        failure -> {
                            Log.warnf(
                                    "Could not fire a schedule (the next wake-up tries again): %s",
                                    failure.getMessage());
                            firers.done();
                        });
    }

    /** Nothing left to fire: a timer for the next schedule, unless the poll comes first. */
    private void wakeWhenDue() {
        ticks.nextDueInMs()
                .subscribe()
                .with(
                        dueInMs -> {
                            if (dueInMs != null
                                    && dueInMs < settings.pollInterval().toMillis()) {
                                dueTimer.wakeIn(dueInMs <= 0 ? HELD_RETRY_MS : dueInMs);
                            }
                            firers.done();
                        },
                        failure -> {
                            Log.debugf("Could not read the next schedule's time: %s", failure);
                            firers.done();
                        });
    }
}
