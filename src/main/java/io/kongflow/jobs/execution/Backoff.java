package io.kongflow.jobs.execution;

import java.time.Duration;

/** The delay before executing a run again after its endpoint failed for the {@code n}-th time. */
final class Backoff {

    private Backoff() {}

    /** 1.5ⁿ × 500 ms: 750 ms after the first failure, about 19 s after the ninth. */
    static Duration after(int failures) {
        return Duration.ofMillis(Math.round(Math.pow(1.5, failures) * 500));
    }
}
