package io.kongflow.jobs.fetches;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * The background fetches' metrics: each attempt's time (its requests and redirects, until an
 * outcome) and what it led to, counted from zero by outcome — {@code complete}, {@code fail}
 * (refusals by the outbound policy included), {@code retry}, {@code poll_again}, {@code drop} — and
 * {@code superseded}, an outcome not written because the task ended or another replica took the
 * fetch over meanwhile.
 */
@ApplicationScoped
public class FetchMetrics {

    private final Map<FetchOutcome.Kind, Counter> outcomes = new EnumMap<>(FetchOutcome.Kind.class);
    private final Counter superseded;
    private final Timer attempts;

    FetchMetrics(MeterRegistry registry) {
        for (FetchOutcome.Kind kind : FetchOutcome.Kind.values()) {
            outcomes.put(kind, counter(registry, kind.name().toLowerCase(Locale.ROOT)));
        }
        this.superseded = counter(registry, "superseded");
        this.attempts = Timer.builder("kongflow.fetch.attempt")
                .description("Time of one background fetch attempt: its request and redirects, until an outcome")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(5))
                .register(registry);
    }

    /** An attempt took {@code nanos} and led to {@code kind}. */
    void attempt(FetchOutcome.Kind kind, long nanos) {
        outcomes.get(kind).increment();
        attempts.record(Duration.ofNanos(nanos));
    }

    /** An attempt's outcome was not written: its task had ended, or its fetch was taken over. */
    void superseded() {
        superseded.increment();
    }

    private static Counter counter(MeterRegistry registry, String outcome) {
        return Counter.builder("kongflow.fetches")
                .description("Background fetch attempts, by outcome")
                .tag("outcome", outcome)
                .register(registry);
    }
}
