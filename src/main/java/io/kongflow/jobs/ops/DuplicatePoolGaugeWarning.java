package io.kongflow.jobs.ops;

import io.quarkus.logging.LoggingFilter;
import java.util.Arrays;
import java.util.logging.Filter;
import java.util.logging.LogRecord;

/**
 * Drops one known, harmless start-up warning: "This Gauge has been already registered
 * (postgresql.queue.size …)". Quarkus' Vert.x metrics binder registers the SQL client's
 * {@code postgresql.*} metrics once per connection under one id, on the global registry, where
 * {@link PoolMetricsFilter} cannot reach them in time; the second connection's registration is
 * ignored with that warning. The family is denied in {@code /q/metrics} anyway ({@code sql_pool_*}
 * is the one kept). Every other log record passes.
 */
@LoggingFilter(name = "duplicate-pool-gauge-warning")
public final class DuplicatePoolGaugeWarning implements Filter {

    @Override
    public boolean isLoggable(LogRecord record) {
        String message = record.getMessage();
        if (message == null || !message.contains("has been already registered")) {
            return true;
        }
        String text = message + Arrays.toString(record.getParameters());
        return !text.contains("name='" + PoolMetricsFilter.CLIENT_METRICS_PREFIX);
    }
}
