package io.kongflow.jobs.support;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Awaits a condition the service makes true in the background (a delivery, a worker's pass), polling every 20 ms. */
public final class Eventually {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private Eventually() {}

    /** Fails, naming {@code what}, when the condition is not true within 30 s. */
    public static void await(BooleanSupplier condition, String what) {
        await(condition, what, PATIENCE);
    }

    public static void await(BooleanSupplier condition, String what, Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Not within " + patience.toSeconds() + " s: " + what);
            }
            LockSupport.parkNanos(20_000_000);
        }
    }
}
