package io.kongflow.jobs.ops;

import io.kongflow.jobs.config.KongflowConfig;
import io.kongflow.jobs.persistence.Parameters;
import io.kongflow.jobs.persistence.Postgres;
import io.kongflow.jobs.persistence.Statements;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToLongFunction;

/**
 * Queue utilisation, refreshed in the background (a scrape never waits on the database): totals
 * across the service, and per queue its executions in flight, runs waiting to start and capacity.
 */
@ApplicationScoped
public class QueueGauges {

    private static final String TOTALS = """
            SELECT count(*) AS queues, COALESCE(sum(job_count), 0) AS running, COALESCE(sum(max_jobs), 0) AS capacity,
                   count(*) FILTER (WHERE job_count >= max_jobs) AS full_queues
            FROM job_queues""";

    // Waiting: QUEUED runs already due (they start as soon as a slot frees), counted on the due index.
    private static final String PER_QUEUE = """
            SELECT q.id, q.name, q.environment_id, q.job_count, q.max_jobs, COALESCE(w.waiting, 0) AS waiting
            FROM job_queues q
            LEFT JOIN (SELECT queue_id, count(*) AS waiting FROM job_runs
                       WHERE next_execution_at <= now() AND status = 'QUEUED' GROUP BY queue_id) w ON w.queue_id = q.id
            ORDER BY q.id""";

    /** One queue's numbers, read by column name. */
    record QueueLoad(String id, String name, String environmentId, long inFlight, long capacity, long waiting) {
        static QueueLoad from(Row row) {
            return new QueueLoad(
                    row.getUUID("id").toString(),
                    row.getString("name"),
                    row.getUUID("environment_id").toString(),
                    row.getInteger("job_count"),
                    row.getInteger("max_jobs"),
                    row.getLong("waiting"));
        }

        Tags tags() {
            return Tags.of("queue", name, "queue_id", id, "environment_id", environmentId);
        }
    }

    private final Statements sql;
    private final Vertx vertx;
    private final KongflowConfig.Metrics config;
    private final AtomicLong queues = new AtomicLong();
    private final AtomicLong running = new AtomicLong();
    private final AtomicLong capacity = new AtomicLong();
    private final AtomicLong full = new AtomicLong();
    private final MultiGauge inFlight;
    private final MultiGauge waiting;
    private final MultiGauge queueCapacity;
    private long timer = -1;

    public QueueGauges(Postgres postgres, Vertx vertx, KongflowConfig config, MeterRegistry registry) {
        this.sql = postgres.statements();
        this.vertx = vertx;
        this.config = config.metrics();
        Gauge.builder("kongflow.queues", queues, AtomicLong::get)
                .description("Job queues")
                .register(registry);
        Gauge.builder("kongflow.queue.running.jobs", running, AtomicLong::get)
                .description("Runs holding a place in a queue (sum of job_count)")
                .register(registry);
        Gauge.builder("kongflow.queue.capacity.jobs", capacity, AtomicLong::get)
                .description("Places in all queues (sum of max_jobs)")
                .register(registry);
        Gauge.builder("kongflow.queues.full", full, AtomicLong::get)
                .description("Queues with no free place")
                .register(registry);
        inFlight = MultiGauge.builder("kongflow.queue.in.flight")
                .description("Executions of the queue's runs in flight (job_count)")
                .register(registry);
        waiting = MultiGauge.builder("kongflow.queue.waiting")
                .description("The queue's QUEUED runs that are due: they start when a place frees")
                .register(registry);
        queueCapacity = MultiGauge.builder("kongflow.queue.capacity")
                .description("The queue's places (max_jobs)")
                .register(registry);
    }

    void start(@Observes StartupEvent event) {
        refresh();
        timer = vertx.setPeriodic(config.queueRefreshInterval().toMillis(), tick -> refresh());
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    void refresh() {
        sql.first(TOTALS, Parameters.NONE, row -> {
                    queues.set(row.getLong("queues"));
                    running.set(row.getLong("running"));
                    capacity.set(row.getLong("capacity"));
                    full.set(row.getLong("full_queues"));
                    return row;
                })
                .chain(() -> sql.list(PER_QUEUE, Parameters.NONE, QueueLoad::from))
                .subscribe()
                .with(this::show, failure -> Log.debugf("Queue gauges not refreshed: %s", failure.getMessage()));
    }

    private void show(List<QueueLoad> loads) {
        inFlight.register(rows(loads, QueueLoad::inFlight), true);
        waiting.register(rows(loads, QueueLoad::waiting), true);
        queueCapacity.register(rows(loads, QueueLoad::capacity), true);
    }

    private static List<MultiGauge.Row<?>> rows(List<QueueLoad> loads, ToLongFunction<QueueLoad> value) {
        return loads.stream()
                .<MultiGauge.Row<?>>map(load -> MultiGauge.Row.of(load.tags(), value.applyAsLong(load)))
                .toList();
    }
}
