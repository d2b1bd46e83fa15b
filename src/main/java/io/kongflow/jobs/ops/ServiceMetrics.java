package io.kongflow.jobs.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The service's own Prometheus metrics: registrations by outcome with their latency, and endpoint
 * indexes by final status. (Queue utilisation: {@link QueueGauges}.)
 */
@ApplicationScoped
public class ServiceMetrics {

    private final MeterRegistry registry;
    private final Timer registrationLatency;
    private final Map<String, Counter> registrations = new ConcurrentHashMap<>();
    private final Map<String, Counter> indexes = new ConcurrentHashMap<>();

    public ServiceMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.registrationLatency = Timer.builder("kongflow.job.registration")
                .description("Time to register one job (the whole transaction, retries included)")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
    }

    /** One registration ended: created, updated, unchanged, skipped or failed. */
    public void registration(String outcome, long nanos) {
        registrations
                .computeIfAbsent(
                        outcome,
                        name -> Counter.builder("kongflow.job.registrations")
                                .description("Job registrations by outcome")
                                .tag("outcome", name)
                                .register(registry))
                .increment();
        if (nanos > 0) {
            registrationLatency.record(Duration.ofNanos(nanos));
        }
    }

    /** One endpoint index ended with that status. */
    public void index(String status) {
        indexes.computeIfAbsent(
                        status,
                        name -> Counter.builder("kongflow.endpoint.indexes")
                                .description("Endpoint indexes by final status")
                                .tag("status", name)
                                .register(registry))
                .increment();
    }
}
