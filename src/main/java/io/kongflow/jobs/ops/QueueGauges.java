package io.kongflow.jobs.ops;

import io.kongflow.jobs.config.KongflowConfig;
import io.kongflow.jobs.persistence.Parameters;
import io.kongflow.jobs.persistence.Postgres;
import io.kongflow.jobs.persistence.Statements;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Queue utilisation across the whole service, refreshed in the background by one aggregate query
 * (a scrape never waits on the database): running runs, capacity, and queues that are full.
 */
@ApplicationScoped
public class QueueGauges {

    private static final String TOTALS = """
            SELECT count(*) AS queues, COALESCE(sum(job_count), 0) AS running, COALESCE(sum(max_jobs), 0) AS capacity,
                   count(*) FILTER (WHERE job_count >= max_jobs) AS full_queues
            FROM job_queues""";

    private final Statements sql;
    private final Vertx vertx;
    private final KongflowConfig.Metrics config;
    private final AtomicLong queues = new AtomicLong();
    private final AtomicLong running = new AtomicLong();
    private final AtomicLong capacity = new AtomicLong();
    private final AtomicLong full = new AtomicLong();
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
                .subscribe()
                .with(ignored -> {}, failure -> Log.debugf("Queue gauges not refreshed: %s", failure.getMessage()));
    }
}
