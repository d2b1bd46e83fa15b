package io.kongflow.jobs.config;

import io.smallrye.config.WithDefault;

/** Executing runs on users' SDK endpoints (EXECUTE_JOB): the {@code kongflow.execution.} settings. */
public interface ExecutionSettings {
    /** Whether this replica executes runs. */
    @WithDefault("true")
    boolean workerEnabled();

    /** How often the worker looks for due runs when no wake-up arrived (the safety net). */
    @WithDefault("1s")
    java.time.Duration pollInterval();

    /** Executions this replica has in flight at once. */
    @WithDefault("32")
    int concurrency();

    /**
     * Executions in a row one place starts by handing its queue slot to the queue's next due
     * run, before the slot goes back through a claim (which serves the oldest due run of every
     * queue with room); 0 turns hand-over off.
     */
    @WithDefault("16")
    int maxHandOvers();

    /**
     * How long a replica owns a run it executes without renewing the lease; after that another
     * replica may execute it again (how long a run waits when its replica dies).
     */
    @WithDefault("30s")
    java.time.Duration leaseDuration();

    /**
     * How often the leases of this replica's executions in flight are renewed: at most half the
     * lease; a third of it when unset; 0 turns renewal off (the request timeout must then be
     * shorter than the lease).
     */
    java.util.Optional<java.time.Duration> leaseRenewalInterval();

    /**
     * On shutdown, how long the executions in flight may go on before the leases of those still
     * running are released to the other replicas; within the pod's termination grace period.
     */
    @WithDefault("20s")
    java.time.Duration drainTimeout();

    /** Time for an endpoint to answer an EXECUTE_JOB; above the chunk limit the SDK yields at. */
    @WithDefault("75s")
    java.time.Duration requestTimeout();

    /** The SDK's run chunk limit (runChunkExecutionLimit): it yields before this much time passed. */
    @WithDefault("59650ms")
    java.time.Duration chunkLimit();

    /** Executions of one run before it fails: an endless resume or yield loop ends. */
    @WithDefault("1000")
    int maxExecutions();

    /** Endpoint failures (no connection, 5xx, timeout) of one run before it fails. */
    @WithDefault("10")
    int maxEndpointFailures();

    /**
     * Time a run may spend executing on its endpoint, summed over its executions, before a
     * platform function timeout ends it TIMED_OUT (the v2 server's per-organization default).
     */
    @WithDefault("15m")
    java.time.Duration maxExecutionTime();
}
