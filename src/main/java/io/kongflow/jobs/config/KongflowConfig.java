package io.kongflow.jobs.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** The service's own settings, under the {@code kongflow.} prefix. */
@ConfigMapping(prefix = "kongflow")
public interface KongflowConfig {

    /** Bearer token of the admin API; while unset, admin routes answer 404 (never open). */
    Optional<String> adminToken();

    /**
     * Base64 of 32 random bytes: encrypts the copy of each environment key that outbound calls to
     * SDK endpoints present. Required in production; keep it stable across replicas and restarts.
     */
    String encryptionKey();

    /** Calls to users' SDK endpoints and the index work queue. */
    Indexing indexing();

    /** Authentication of API keys. */
    Auth auth();

    interface Auth {
        /**
         * How long a resolved key is trusted without asking the database again; the bound on how
         * long a revoked or rotated key still works on another replica.
         */
        @WithDefault("5s")
        java.time.Duration cacheTtl();
    }

    /** The service's own metrics. */
    Metrics metrics();

    interface Metrics {
        /** How often the queue utilisation gauges are read from the database. */
        @WithDefault("15s")
        java.time.Duration queueRefreshInterval();
    }

    /** The development tenant created at start. */
    Bootstrap bootstrap();

    /** Executing runs on users' SDK endpoints (EXECUTE_JOB). */
    Execution execution();

    interface Execution {
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
         * How long a replica owns a run it executes; after that another replica may execute it
         * again. Must exceed the request timeout.
         */
        @WithDefault("2m")
        java.time.Duration leaseDuration();

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
    }

    interface Indexing {
        /** Time to connect to an endpoint. */
        @WithDefault("5s")
        java.time.Duration connectTimeout();

        /** Time for an endpoint to answer in full. */
        @WithDefault("30s")
        java.time.Duration requestTimeout();

        /** Largest endpoint answer read, in bytes. */
        @WithDefault("5242880")
        int maxResponseBytes();

        /** How often the worker looks for pending indexes. */
        @WithDefault("1s")
        java.time.Duration pollInterval();

        /** Indexes one replica runs at once. */
        @WithDefault("2")
        int concurrency();

        /** A STARTED index not finished after this long is taken to have lost its worker and is run again. */
        @WithDefault("5m")
        java.time.Duration staleAfter();

        /** Runs of one index before it is marked FAILURE. */
        @WithDefault("3")
        int maxAttempts();

        /** Whether this replica runs the background index worker. */
        @WithDefault("true")
        boolean workerEnabled();
    }

    interface Bootstrap {
        /** Create an organization, a project and DEVELOPMENT/PRODUCTION environments when none exist. */
        @WithDefault("false")
        boolean enabled();

        /** Slug of the bootstrap organization. */
        @WithDefault("kongflow")
        String organization();

        /** Slug of the bootstrap project. */
        @WithDefault("default")
        String project();
    }
}
