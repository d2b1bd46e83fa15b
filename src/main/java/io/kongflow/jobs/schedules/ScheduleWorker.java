package io.kongflow.jobs.schedules;

import io.kongflow.jobs.ops.ServiceMetrics;
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
    private final AtomicInteger firers = new AtomicInteger();
    private final AtomicBoolean again = new AtomicBoolean();
    private volatile boolean stopped;
    private long poll = -1;
    private long dueTimer = -1;
    private long dueAt = Long.MAX_VALUE;

    ScheduleWorker(ScheduleSettings settings, ScheduleTicks ticks, ServiceMetrics metrics, Vertx vertx) {
        this.settings = settings;
        this.ticks = ticks;
        this.metrics = metrics;
        this.vertx = vertx;
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
        if (dueTimer >= 0) {
            vertx.cancelTimer(dueTimer);
        }
    }

    /** Fires what is due; a wake-up while every loop runs makes one of them go on. */
    public void wake() {
        if (stopped || !settings.workerEnabled()) {
            return;
        }
        again.set(true);
        for (int loops = firers.get(); loops < FIRERS; loops = firers.get()) {
            if (firers.compareAndSet(loops, loops + 1)) {
                again.set(false);
                onOwnContext(this::fireNext);
                return;
            }
        }
    }

    private void fireNext() {
        if (stopped) {
            done();
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
                            done();
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
                                wakeIn(dueInMs <= 0 ? HELD_RETRY_MS : dueInMs);
                            }
                            done();
                        },
                        failure -> {
                            Log.debugf("Could not read the next schedule's time: %s", failure);
                            done();
                        });
    }

    private synchronized void wakeIn(long delayMs) {
        long at = System.currentTimeMillis() + delayMs;
        if (stopped || (dueTimer >= 0 && dueAt <= at)) {
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

    private void done() {
        firers.decrementAndGet();
        if (again.getAndSet(false)) {
            wake();
        }
    }

    /** Each loop on a fresh duplicated context, as a request would be, not the timer's shared one. */
    private void onOwnContext(Runnable work) {
        Context context =
                VertxContext.createNewDuplicatedContext(vertx.getDelegate().getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(context, true);
        context.runOnContext(ignored -> work.run());
    }
}
