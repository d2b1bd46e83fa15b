package io.kongflow.jobs.schedules;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The schedule worker's settings: a mapping of its own beside {@code KongflowConfig}, as ListenSettings is. */
@ConfigMapping(prefix = "kongflow.schedules")
public interface ScheduleSettings {

    /** Whether this replica fires due schedules; any number of replicas may, each tick fires once. */
    @WithDefault("true")
    boolean workerEnabled();

    /**
     * How often the worker looks for due schedules besides its timer for the next one and the
     * wake-ups of registrations (the safety net for a lost notification).
     */
    @WithDefault("10s")
    Duration pollInterval();
}
