package io.kongflow.jobs.persistence;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.kongflow.jobs.support.StallingProxy;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A LISTEN connection that a proxy stops forwarding without closing it (a half-open connection)
 * is found dead within seconds by its heartbeat: the read cache stops serving from memory at
 * once, and LISTEN is re-established once the path is back.
 */
@QuarkusTest
@TestProfile(ListenThroughProxy.class)
class ListenHeartbeatTest {

    @Inject
    CatalogChanges changes;

    private final StallingProxy proxy = ListenThroughProxy.proxy();

    @AfterEach
    void resume() {
        proxy.resume();
    }

    @Test
    void aSilentlyDroppedListenConnectionIsFoundDeadWithinSecondsAndReplaced() throws InterruptedException {
        waitFor(changes::tracked, "LISTEN to run", 30);

        long stalled = System.nanoTime();
        proxy.stall();
        waitFor(() -> !changes.tracked(), "the silent LISTEN connection to be found dead", 20);
        long detectedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stalled);
        // The default heartbeat: every 2 s, dead after 5 s without one.
        assertTrue(detectedMs < 8_000, "found dead " + detectedMs + " ms after the proxy stopped forwarding");
        System.out.println("LISTEN found dead " + detectedMs + " ms after the proxy stopped forwarding");

        proxy.resume();
        waitFor(changes::tracked, "LISTEN to be re-established", 30);
    }

    private static void waitFor(BooleanSupplier condition, String what, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("Timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }
}
