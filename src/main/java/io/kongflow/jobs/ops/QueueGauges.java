package io.kongflow.jobs.ops;

import io.kongflow.jobs.config.KongflowConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
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
            SELECT count(*), COALESCE(sum(job_count), 0), COALESCE(sum(max_jobs), 0),
                   count(*) FILTER (WHERE job_count >= max_jobs)
            FROM job_queues""";

    private final Pool pool;
    private final Vertx vertx;
    private final KongflowConfig.Metrics config;
    private final AtomicLong queues = new AtomicLong();
    private final AtomicLong running = new AtomicLong();
    private final AtomicLong capacity = new AtomicLong();
    private final AtomicLong full = new AtomicLong();
    private long timer = -1;

    public QueueGauges(Pool pool, Vertx vertx, KongflowConfig config, MeterRegistry registry) {
        this.pool = pool;
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
        pool.query(TOTALS)
                .execute()
                .subscribe()
                .with(
                        rows -> {
                            Row row = rows.iterator().next();
                            queues.set(row.getLong(0));
                            running.set(row.getLong(1));
                            capacity.set(row.getLong(2));
                            full.set(row.getLong(3));
                        },
                        failure -> Log.debugf("Queue gauges not refreshed: %s", failure.getMessage()));
    }
}
