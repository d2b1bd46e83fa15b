package io.kongflow.jobs.support;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kongflow.jobs.support.FakeEndpoint.Reply;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * A fake SDK endpoint whose INDEX_ENDPOINT answers wait until the test releases them, call by call,
 * so that a test can act while an index is in flight without guessing how long it takes.
 */
public final class HeldEndpoint {

    private static final long LIMIT_SECONDS = 60;

    private final AtomicInteger calls = new AtomicInteger();
    private final Map<Integer, CountDownLatch> arrived = new ConcurrentHashMap<>();
    private final Map<Integer, CountDownLatch> released = new ConcurrentHashMap<>();
    private final IntFunction<String> indexOfCall;
    private final String url;

    private HeldEndpoint(IntFunction<String> indexOfCall, String apiKey) {
        this.indexOfCall = indexOfCall;
        this.url = FakeEndpoint.serve(apiKey, this::answer);
    }

    /** Answers every INDEX_ENDPOINT call with that index document, once released. */
    public static HeldEndpoint answering(String indexJson, String apiKey) {
        return new HeldEndpoint(call -> indexJson, apiKey);
    }

    /** Answers INDEX_ENDPOINT call n (from 1) with {@code indexOfCall.apply(n)}, once released. */
    public static HeldEndpoint answeringPerCall(IntFunction<String> indexOfCall, String apiKey) {
        return new HeldEndpoint(indexOfCall, apiKey);
    }

    public String url() {
        return url;
    }

    /** Waits until INDEX_ENDPOINT call n has reached the endpoint. */
    public void awaitCall(int n) throws InterruptedException {
        assertTrue(
                latch(arrived, n).await(LIMIT_SECONDS, TimeUnit.SECONDS), "INDEX_ENDPOINT call " + n + " never came");
    }

    /** Lets INDEX_ENDPOINT call n answer. */
    public void release(int n) {
        latch(released, n).countDown();
    }

    public int calls() {
        return calls.get();
    }

    private Reply answer(String action) {
        if (!"INDEX_ENDPOINT".equals(action)) {
            return Reply.json(200, "{\"ok\":true}");
        }
        int call = calls.incrementAndGet();
        latch(arrived, call).countDown();
        try {
            // Bounded, so that a failed test never leaves the service's call hanging.
            latch(released, call).await(LIMIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new Reply(
                200,
                Map.of("content-type", "application/json", "trigger-version", "2023-09-29"),
                indexOfCall.apply(call),
                0);
    }

    private static CountDownLatch latch(Map<Integer, CountDownLatch> latches, int call) {
        return latches.computeIfAbsent(call, ignored -> new CountDownLatch(1));
    }
}
