package io.kongflow.jobs.events;

import io.kongflow.jobs.config.KongflowConfig;
import io.kongflow.jobs.execution.ExecutionWorker;
import io.kongflow.jobs.ops.ServiceMetrics;
import io.kongflow.jobs.persistence.DatabaseFailures;
import io.kongflow.jobs.persistence.Parameters;
import io.kongflow.jobs.persistence.Postgres;
import io.kongflow.jobs.work.WakeTimer;
import io.kongflow.jobs.work.WorkLoops;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.UUID;

/**
 * Delivers due events on this replica, one transaction each, with up to {@link #LOOPS} delivery
 * loops at once; woken when this replica accepted an event, by {@code kongflow_events}
 * notifications (an event accepted on any replica), by a timer for the next delayed event, and by
 * its poll (the safety net). Several replicas deliver together: SKIP LOCKED gives each event to
 * one of them.
 */
@ApplicationScoped
public class DeliveryWorker {

    /** Delivery loops at once. */
    static final int LOOPS = 2;

    // The event stays due; its next attempt after a backoff of 2^attempts seconds (at most 5 min).
    private static final String FAILED = """
            UPDATE event_records SET delivery_attempts = delivery_attempts + 1, delivery_error = :error,
                deliver_at = now() + make_interval(secs => LEAST(300, power(2, delivery_attempts + 1))),
                cancelled_at = CASE WHEN delivery_attempts + 1 >= :maxAttempts THEN now() END, updated_at = now()
            WHERE id = :eventId AND delivered_at IS NULL AND cancelled_at IS NULL
            RETURNING cancelled_at IS NOT NULL AS given_up""";

    private static final String NEXT_DUE = """
            SELECT CAST(ceil(EXTRACT(EPOCH FROM deliver_at - now()) * 1000) AS bigint) AS due_in_ms
            FROM event_records
            WHERE delivered_at IS NULL AND cancelled_at IS NULL AND deliver_at > now()
            ORDER BY deliver_at LIMIT 1""";

    private final KongflowConfig.Events config;
    private final EventDelivery delivery;
    private final ExecutionWorker execution;
    private final Postgres postgres;
    private final ServiceMetrics metrics;
    private final Vertx vertx;
    private final WorkLoops loops;
    private final WakeTimer dueTimer;
    private volatile boolean stopped;
    private long timer = -1;

    DeliveryWorker(
            KongflowConfig config,
            EventDelivery delivery,
            ExecutionWorker execution,
            Postgres postgres,
            ServiceMetrics metrics,
            Vertx vertx) {
        this.config = config.events();
        this.delivery = delivery;
        this.execution = execution;
        this.postgres = postgres;
        this.metrics = metrics;
        this.vertx = vertx;
        this.loops = new WorkLoops(vertx, LOOPS, this::deliverNext);
        this.dueTimer = new WakeTimer(vertx, this::wake);
    }

    void start(@Observes StartupEvent event) {
        if (config.workerEnabled()) {
            timer = vertx.setPeriodic(config.pollInterval().toMillis(), tick -> wake());
        }
    }

    synchronized void stop(@Observes ShutdownEvent event) {
        stopped = true;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        dueTimer.close();
    }

    /** Delivers until nothing is due; a wake-up while every loop runs makes one of them go on. */
    public void wake() {
        if (stopped || !config.workerEnabled()) {
            return;
        }
        loops.wake();
    }

    /** Wakes this replica in {@code delayMs} (an event it accepted for later), unless it wakes sooner anyway. */
    public void wakeIn(long delayMs) {
        if (stopped || !config.workerEnabled()) {
            return;
        }
        dueTimer.wakeIn(delayMs);
    }

    private void deliverNext() {
        if (stopped) {
            loops.done();
            return;
        }
        EventDelivery.Attempt attempt = new EventDelivery.Attempt();
        Uni.createFrom()
                .deferred(() -> delivery.deliverNext(attempt))
                .subscribe()
                .with(
                        delivered -> {
                            if (delivered == null) {
                                wakeWhenNextDue();
                                return;
                            }
                            metrics.eventDelivered(delivered.lagSeconds());
                            if (!delivered.runs().isEmpty()) {
                                execution.wake();
                            }
                            deliverNext();
                        },
                        failure -> {
                            if (attempt.eventId() != null && !DatabaseFailures.isUnavailable(failure)) {
                                recordFailure(attempt.eventId(), failure);
                            } else {
                                Log.warnf("Could not deliver events: %s", failure.getMessage());
                                loops.done();
                            }
                        });
    }

    /** Counts the failed attempt and moves the event's next one back; the loop goes on with other events. */
    private void recordFailure(UUID eventId, Throwable failure) {
        Log.warnf(failure, "Delivering event %s failed", eventId);
        Parameters parameters = Parameters.with("eventId", eventId)
                .and("error", String.valueOf(failure.getMessage()))
                .and("maxAttempts", config.maxDeliveryAttempts());
        postgres.statements()
                .first(FAILED, parameters, row -> row.getBoolean("given_up"))
                .subscribe()
                .with(
                        givenUp -> {
                            metrics.events(Boolean.TRUE.equals(givenUp) ? "failed" : "retried", 1);
                            deliverNext();
                        },
                        unrecorded -> {
                            Log.warnf("Could not record the failed delivery of event %s: %s", eventId, unrecorded);
                            loops.done();
                        });
    }

    /** Nothing is due now: a timer for the next delayed event, when it falls before the next poll. */
    private void wakeWhenNextDue() {
        postgres.statements()
                .first(NEXT_DUE, Parameters.NONE, row -> row.getLong("due_in_ms"))
                .subscribe()
                .with(
                        dueInMs -> {
                            if (dueInMs != null
                                    && dueInMs < config.pollInterval().toMillis()) {
                                wakeIn(dueInMs);
                            }
                            loops.done();
                        },
                        failure -> loops.done());
    }
}
