package io.kongflow.jobs.ops;

import io.micrometer.core.instrument.config.MeterFilter;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * One family of database pool metrics: {@code sql_pool_*} (the reactive pool's size, usage and wait
 * queue, from Quarkus' Vert.x pool metrics). The Vert.x SQL client also reports client metrics under
 * {@code postgresql.*}, registered once per connection under one id (so they show the first
 * connection only) and repeating the pool's numbers: denied here, for every registry Quarkus
 * configures. (Their start-up warning: {@link DuplicatePoolGaugeWarning}.)
 */
@Singleton
public class PoolMetricsFilter {

    static final String CLIENT_METRICS_PREFIX = "postgresql.";

    @Produces
    @Singleton
    MeterFilter denyPostgresqlClientMetrics() {
        return MeterFilter.denyNameStartsWith(CLIENT_METRICS_PREFIX);
    }
}
