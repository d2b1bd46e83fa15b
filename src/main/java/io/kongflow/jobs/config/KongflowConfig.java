package io.kongflow.jobs.config;

import io.kongflow.jobs.persistence.EnvironmentType;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;
import java.util.Set;

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

    /**
     * The service's public base URL as callers outside reach it (e.g. {@code https://jobs.example.com}
     * behind a Kubernetes ingress): the start of every task's {@code callbackUrl}. Unset: the
     * HTTP listener on localhost ({@code http://localhost:<quarkus.http.port>}), for dev and tests.
     */
    Optional<String> publicUrl();

    /** Calls to users' SDK endpoints and the index work queue. */
    Indexing indexing();

    /** The policy every outbound call (to the URLs tenants give) is checked against. */
    Outbound outbound();

    /** Authentication of API keys. */
    Auth auth();

    /**
     * Where outbound calls may go. Link-local, unspecified and broadcast addresses and the
     * service's own listeners are always refused; these settings add to that.
     */
    interface Outbound {
        /** When set, only addresses in these networks may be called (loopback follows its own setting). */
        Optional<List<String>> allowedCidrs();

        /** Networks never called, for any environment (e.g. the cluster's service network). */
        Optional<List<String>> deniedCidrs();

        /** When set, only these ports may be called. */
        Optional<Set<Integer>> allowedPorts();

        /** Ports never called, on any address (e.g. 5432, 6379). */
        Optional<Set<Integer>> deniedPorts();

        /** Environment types whose endpoints may be on loopback (127.0.0.0/8, ::1): local development with the v2 CLI. */
        @WithDefault("DEVELOPMENT")
        Set<EnvironmentType> loopbackEnvironments();

        /** Whether private networks (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7) may be called. */
        @WithDefault("true")
        boolean privateNetworksAllowed();
    }

    interface Auth {
        /**
         * How long a resolved key is trusted without asking the database again; the bound on how
         * long a revoked or rotated key still works on another replica.
         */
        @WithDefault("5s")
        java.time.Duration cacheTtl();
    }

    /** The HTTP API's own limits. */
    Http http();

    interface Http {
        /**
         * Largest request body of every route but a task's completion (which takes up to
         * {@code quarkus.http.limits.max-body-size}, for v2's 3 Mi-character task outputs); larger
         * ones answer 413.
         */
        @WithDefault("1M")
        io.quarkus.runtime.configuration.MemorySize maxBodySize();
    }

    /** The key-value store (io.store, client.store). */
    Store store();

    interface Store {
        /**
         * How often this replica deletes the keys of runs that have ended (io.store.run): reads stop
         * seeing them when the run ends; this only frees their rows.
         */
        @WithDefault("1m")
        java.time.Duration sweepInterval();
    }

    /** The console under {@code /console}. */
    Console console();

    interface Console {
        /** How long a console session lasts after sign-in (it ends sooner with sign-out or when its key goes). */
        @WithDefault("12h")
        java.time.Duration sessionTtl();

        /**
         * Live-update (server-sent events) connections this replica keeps open at once; one more is
         * refused (503), and its page still works, without live updates.
         */
        @WithDefault("200")
        int maxLiveConnections();

        /** How often at most an open page is told to refresh, however often its run changes. */
        @WithDefault("500ms")
        java.time.Duration liveInterval();
    }

    /** The service's own metrics. */
    Metrics metrics();

    interface Metrics {
        /** How often the queue utilisation gauges are read from the database. */
        @WithDefault("15s")
        java.time.Duration queueRefreshInterval();
    }

    /** The read cache of jobs, versions and aliases. */
    CatalogCache catalogCache();

    interface CatalogCache {
        /** Whether GET job, version and alias reads may be answered from memory. */
        @WithDefault("true")
        boolean enabled();

        /** Reads kept at most; the least used go first. */
        @WithDefault("10000")
        long maxEntries();

        /**
         * How long a read is kept at most. Changes reach every replica through LISTEN/NOTIFY within
         * milliseconds; this bounds what a change made with the triggers off (a restore, a manual
         * session with session_replication_role = replica) could leave stale.
         */
        @WithDefault("10m")
        java.time.Duration expireAfterWrite();
    }

    /** The development tenant created at start. */
    Bootstrap bootstrap();

    /** Executing runs on users' SDK endpoints (EXECUTE_JOB). */
    ExecutionSettings execution();

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

    /** Delivering the events apps send to the jobs whose triggers match them. */
    Events events();

    interface Events {
        /** Whether this replica delivers events. */
        @WithDefault("true")
        boolean workerEnabled();

        /**
         * How often the worker looks for events due when no wake-up arrived (the safety net: a
         * replica delivers what it accepted at once, and every replica hears of new events).
         */
        @WithDefault("1s")
        java.time.Duration pollInterval();

        /** Deliveries of one event tried (each failing one retried after a backoff) before it is given up. */
        @WithDefault("5")
        int maxDeliveryAttempts();
    }

    /** Background fetches and polls (io.backgroundFetch, backgroundFetchResponse, backgroundPoll) the service performs. */
    Fetches fetches();

    interface Fetches {
        /** Whether this replica performs background fetches. */
        @WithDefault("true")
        boolean workerEnabled();

        /** How often the worker looks for due fetches when no wake-up arrived (the safety net). */
        @WithDefault("5s")
        java.time.Duration pollInterval();

        /** Fetches one replica performs at once. */
        @WithDefault("8")
        int concurrency();

        /** The longest a fetch's request may take, whatever its task's {@code timeout} asks (v2: 300 s). */
        @WithDefault("300s")
        java.time.Duration maxRequestTimeout();

        /**
         * How long a claimed fetch is its replica's; past it another replica takes it over. Must exceed
         * {@code max-request-timeout}: a request still running is never taken over.
         */
        @WithDefault("330s")
        java.time.Duration lease();

        /** Largest response body read, in bytes; a larger one fails the task (task outputs are bounded too). */
        @WithDefault("3145728")
        int maxResponseBytes();

        /**
         * Environment types whose fetches may reach loopback (127.0.0.0/8, ::1); none by default: a
         * fetch's url is chosen by a run's code, so it is an SSRF target.
         */
        Optional<Set<EnvironmentType>> loopbackEnvironments();

        /** Whether fetches may reach private networks (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7). */
        @WithDefault("false")
        boolean privateNetworksAllowed();
    }
}
