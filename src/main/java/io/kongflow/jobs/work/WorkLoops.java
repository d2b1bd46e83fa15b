package io.kongflow.jobs.work;

import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.vertx.core.Context;
import io.vertx.mutiny.core.Vertx;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Up to a fixed number of loops of one worker's work at once (claim, deliver, fire until nothing is
 * left), each started on a fresh duplicated context: {@link #wake()} starts a loop when fewer run,
 * and otherwise makes the next loop to end go on, so a wake-up is never lost while all of them run.
 * A loop calls {@link #done()} when it stops.
 */
public final class WorkLoops {

    private final Vertx vertx;
    private final int max;
    private final Runnable loop;
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicBoolean again = new AtomicBoolean();

    public WorkLoops(Vertx vertx, int max, Runnable loop) {
        this.vertx = vertx;
        this.max = max;
        this.loop = loop;
    }

    public void wake() {
        again.set(true);
        for (int loops = running.get(); loops < max; loops = running.get()) {
            if (running.compareAndSet(loops, loops + 1)) {
                again.set(false);
                onOwnContext(vertx, loop);
                return;
            }
        }
    }

    /** A loop stopped; a wake-up that came while every loop ran starts it again. */
    public void done() {
        running.decrementAndGet();
        if (again.getAndSet(false)) {
            wake();
        }
    }

    /**
     * Runs the work on a fresh, safe duplicated context, as a request would, not the timer's shared
     * event-loop context (Hibernate Reactive keeps its session in the context, and log lines their MDC).
     */
    public static void onOwnContext(Vertx vertx, Runnable work) {
        Context context =
                VertxContext.createNewDuplicatedContext(vertx.getDelegate().getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(context, true);
        context.runOnContext(ignored -> work.run());
    }
}
