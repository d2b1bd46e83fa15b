package io.kongflow.jobs.ops;

import io.kongflow.jobs.persistence.RunStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The service's own Prometheus metrics: registrations by outcome with their latency, endpoint
 * indexes by final status, runs by final status, EXECUTE_JOB durations and endpoint call failures
 * by kind, schedule ticks and how late they fired. (Queue utilisation: {@link QueueGauges}.)
 */
@ApplicationScoped
public class ServiceMetrics {

    private final MeterRegistry registry;
    private final Timer registrationLatency;
    private final Map<String, Counter> registrations = new ConcurrentHashMap<>();
    private final Map<String, Counter> indexes = new ConcurrentHashMap<>();
    private final Map<RunStatus, Counter> runs = new EnumMap<>(RunStatus.class);
    private final Map<String, Counter> endpointFailures = new ConcurrentHashMap<>();
    private final Timer execution;
    private final Timer scheduleLag;
    private final Counter ticksWithRun;
    private final Counter ticksWithoutRun;
    private final Map<String, Counter> events = new ConcurrentHashMap<>();
    private final Timer deliveryLag;

    public ServiceMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (RunStatus status : RunStatus.values()) {
            if (status.isFinal()) {
                runs.put(
                        status,
                        Counter.builder("kongflow.runs")
                                .description("Runs that ended, by final status")
                                .tag("status", status.name())
                                .register(registry));
            }
        }
        for (String kind : FAILURE_KINDS) {
            endpointFailure(kind);
        }
        for (String outcome : REGISTRATION_OUTCOMES) {
            registrationCounter(outcome);
        }
        this.execution = Timer.builder("kongflow.run.execution")
                .description("Time of one EXECUTE_JOB call to an endpoint, from request to answer (or failure)")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(2))
                .register(registry);
        this.scheduleLag = Timer.builder("kongflow.schedule.lag")
                .description("How late each schedule tick fired: from its scheduled time to the database's time"
                        + " when its transaction began")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(5))
                .register(registry);
        this.ticksWithRun = tickCounter("run");
        this.ticksWithoutRun = tickCounter("no_run");
        for (String outcome : EVENT_OUTCOMES) {
            eventCounter(outcome);
        }
        this.deliveryLag = Timer.builder("kongflow.event.delivery.lag")
                .description("Time from when an event was due (sent, or its deliverAt) to its delivery's start")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(10))
                .register(registry);
        this.registrationLatency = Timer.builder("kongflow.job.registration")
                .description("Time to register one job (the whole transaction, retries included)")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
    }

    /**
     * The outcomes of a registration (the wire names of {@code RegistrationResult.Outcome}, and
     * {@code failed}), each counted from zero so that dashboards and alerts see them from the start.
     */
    public static final List<String> REGISTRATION_OUTCOMES =
            List.of("created", "updated", "unchanged", "skipped", "failed");

    /** One registration ended: one of {@link #REGISTRATION_OUTCOMES}. */
    public void registration(String outcome, long nanos) {
        registrationCounter(outcome).increment();
        if (nanos > 0) {
            registrationLatency.record(Duration.ofNanos(nanos));
        }
    }

    private Counter registrationCounter(String outcome) {
        return registrations.computeIfAbsent(
                outcome,
                name -> Counter.builder("kongflow.job.registrations")
                        .description("Job registrations by outcome")
                        .tag("outcome", name)
                        .register(registry));
    }

    /** The kinds of failed endpoint calls, each counted from zero. */
    public static final List<String> FAILURE_KINDS =
            List.of("unreachable", "timeout", "refused", "server_error", "client_error", "invalid_answer");

    /** A run reached a final status. */
    public void runEnded(RunStatus status, int count) {
        Counter counter = runs.get(status);
        if (counter != null && count > 0) {
            counter.increment(count);
        }
    }

    /** One EXECUTE_JOB call took that long. */
    public void execution(long nanos) {
        execution.record(Duration.ofNanos(nanos));
    }

    /** A call to an endpoint failed: one of {@link #FAILURE_KINDS}. */
    public void endpointCallFailed(String kind) {
        endpointFailure(kind).increment();
    }

    private Counter endpointFailure(String kind) {
        return endpointFailures.computeIfAbsent(
                kind,
                name -> Counter.builder("kongflow.endpoint.call.failures")
                        .description("Calls to endpoints that got no usable answer, by kind")
                        .tag("kind", name)
                        .register(registry));
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

    /**
     * A schedule tick fired, {@code lagMs} after its time; it started a run, or none (the job's
     * dispatcher or version was disabled, or runs are off for its organization).
     */
    public void scheduleTick(long lagMs, boolean runStarted) {
        (runStarted ? ticksWithRun : ticksWithoutRun).increment();
        scheduleLag.record(Duration.ofMillis(lagMs));
    }

    private Counter tickCounter(String outcome) {
        return Counter.builder("kongflow.schedule.ticks")
                .description("Schedule ticks fired, by whether they started a run")
                .tag("outcome", outcome)
                .register(registry);
    }

    /**
     * What happens to events: {@code accepted} (stored, to deliver), {@code repeated} (an id sent
     * before: answered, nothing stored), {@code delivered}, {@code cancelled}, {@code retried} (a
     * delivery failed and waits for its next attempt), {@code failed} (given up after the last attempt).
     */
    public static final List<String> EVENT_OUTCOMES =
            List.of("accepted", "repeated", "delivered", "cancelled", "retried", "failed");

    /** {@code count} events had that outcome, one of {@link #EVENT_OUTCOMES}. */
    public void events(String outcome, long count) {
        if (count > 0) {
            eventCounter(outcome).increment(count);
        }
    }

    /** An event was delivered, that late after it was due. */
    public void eventDelivered(double lagSeconds) {
        eventCounter("delivered").increment();
        deliveryLag.record(Duration.ofNanos((long) (Math.max(0, lagSeconds) * 1e9)));
    }

    private Counter eventCounter(String outcome) {
        return events.computeIfAbsent(
                outcome,
                name -> Counter.builder("kongflow.events")
                        .description("Events by outcome")
                        .tag("outcome", name)
                        .register(registry));
    }
}
