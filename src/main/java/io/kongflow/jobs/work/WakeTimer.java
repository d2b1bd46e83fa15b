package io.kongflow.jobs.work;

import io.vertx.mutiny.core.Vertx;

/**
 * One timer at the earliest time asked for: a worker that knows when its next work falls due
 * (a wait ending, a delayed event, a schedule's tick) asks to be woken then; a later request while
 * an earlier timer is set changes nothing, an earlier one replaces it. Closed at shutdown.
 */
public final class WakeTimer {

    private final Vertx vertx;
    private final Runnable wake;
    private long timer = -1;
    private long dueAt = Long.MAX_VALUE;
    private boolean closed;

    public WakeTimer(Vertx vertx, Runnable wake) {
        this.vertx = vertx;
        this.wake = wake;
    }

    public synchronized void wakeIn(long delayMs) {
        long at = System.currentTimeMillis() + delayMs;
        if (closed || (timer >= 0 && dueAt <= at)) {
            return;
        }
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        dueAt = at;
        timer = vertx.setTimer(Math.max(1, delayMs), tick -> {
            synchronized (this) {
                timer = -1;
                dueAt = Long.MAX_VALUE;
            }
            wake.run();
        });
    }

    public synchronized void close() {
        closed = true;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
    }
}
