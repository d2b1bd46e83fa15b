package io.kongflow.jobs.persistence;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * The LISTEN connection each replica keeps (catalog changes, execution wake-ups): a mapping of its
 * own beside {@code KongflowConfig}, because the config package imports this one.
 */
@ConfigMapping(prefix = "kongflow.listen")
public interface ListenSettings {

    /**
     * Where to LISTEN when not at the reactive datasource's URL (e.g. past a pooler in transaction
     * mode, where LISTEN does not work); the datasource's credentials are used.
     */
    Optional<String> url();

    /** How often a heartbeat NOTIFY is sent (through the pool), to come back on the LISTEN connection. */
    @WithDefault("2s")
    Duration heartbeatInterval();

    /**
     * How long without a heartbeat back before the connection counts as lost (a NAT or proxy may
     * drop it silently): the read cache stops serving from memory and it is reconnected. Longer
     * than the interval.
     */
    @WithDefault("5s")
    Duration heartbeatTimeout();
}
