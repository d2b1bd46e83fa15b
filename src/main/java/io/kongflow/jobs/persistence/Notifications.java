package io.kongflow.jobs.persistence;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The replica's one LISTEN connection, shared by every channel it listens on, opened like the
 * reactive datasource and reconnected whenever it is lost. Notifications sent while it was down
 * are gone: each channel's {@code listening} callback runs after every (re)connect, so that its
 * owner can make up for what it may have missed.
 *
 * <p>A connection can also die silently (a NAT or proxy dropping it without a word): TCP
 * keepalive probes it, and a heartbeat NOTIFY on a channel of this replica's own goes out (through
 * the pool) every {@code heartbeat-interval}; when none has come back on the LISTEN connection for
 * {@code heartbeat-timeout}, the connection counts as lost at once ({@link #connection} answers
 * null) and is closed, which reconnects it.
 */
@ApplicationScoped
public class Notifications {

    private static final long MAX_RECONNECT_DELAY_MS = 5_000;

    private static final String HEARTBEAT = "SELECT pg_notify(:channel, '')";

    private final Vertx vertx;
    private final Postgres postgres;
    private final Optional<String> url;
    private final Optional<String> username;
    private final Optional<String> password;
    private final ListenSettings config;
    private final String heartbeatChannel =
            "kongflow_alive_" + UUID.randomUUID().toString().replace("-", "");
    private volatile PgSubscriber subscriber;
    private volatile boolean stopped;
    private volatile long heardAt = System.nanoTime();
    private long heartbeat = -1;

    Notifications(
            Vertx vertx,
            Postgres postgres,
            ListenSettings config,
            @ConfigProperty(name = "quarkus.datasource.reactive.url") Optional<String> url,
            @ConfigProperty(name = "quarkus.datasource.username") Optional<String> username,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.vertx = vertx;
        this.postgres = postgres;
        this.config = config;
        this.url = this.config.url().or(() -> url);
        this.username = username;
        this.password = password;
    }

    /**
     * Listens on {@code channel}: {@code notified} gets each payload, {@code listening} runs each
     * time LISTEN has been (re)issued on a new connection. The connection opens on the first call.
     */
    public synchronized void listen(String channel, Consumer<String> notified, Runnable listening) {
        if (stopped || url.isEmpty()) {
            return;
        }
        boolean first = subscriber == null;
        if (first) {
            subscriber = PgSubscriber.subscriber(vertx, options(url.get(), username, password))
                    .reconnectPolicy(Notifications::reconnectDelay);
            subscriber.channel(heartbeatChannel).handler(payload -> heard());
        }
        // A LISTEN that just succeeded proves the connection alive, before its owner looks at it.
        subscriber
                .channel(channel)
                .subscribeHandler(() -> {
                    heard();
                    listening.run();
                })
                .handler(notified);
        if (first) {
            connect(0);
            heartbeat = vertx.setPeriodic(config.heartbeatInterval().toMillis(), tick -> beat());
        }
    }

    /**
     * The connection LISTEN currently runs on (compared by identity); null while there is none, or
     * while it has not answered its heartbeat in time.
     */
    public Object connection() {
        PgSubscriber current = subscriber;
        return current == null || silent() ? null : current.getDelegate().actualConnection();
    }

    void stop(@Observes ShutdownEvent event) {
        PgSubscriber closing;
        synchronized (this) {
            stopped = true;
            closing = subscriber;
            if (heartbeat >= 0) {
                vertx.cancelTimer(heartbeat);
            }
        }
        if (closing != null) {
            closing.closeAndForget();
        }
    }

    /** Closes a connection that stopped answering (the subscriber then reconnects), else sends the next heartbeat. */
    private void beat() {
        PgConnection connection = subscriber.getDelegate().actualConnection();
        if (stopped || connection == null) {
            return;
        }
        if (silent()) {
            Log.warnf(
                    "The LISTEN connection answered no heartbeat for %d ms: closing it and reconnecting",
                    (System.nanoTime() - heardAt) / 1_000_000);
            connection.close();
            return;
        }
        // Sent through the pool, whatever happens to it: only its coming back on LISTEN counts.
        postgres.statements()
                .execute(HEARTBEAT, Parameters.with("channel", heartbeatChannel))
                .subscribe()
                .with(sent -> {}, failure -> Log.debugf("Could not send the LISTEN heartbeat: %s", failure));
    }

    private void heard() {
        heardAt = System.nanoTime();
    }

    private boolean silent() {
        return System.nanoTime() - heardAt > config.heartbeatTimeout().toNanos();
    }

    /** The first connection is retried here; the subscriber's policy retries a lost one. */
    private void connect(int attempt) {
        if (stopped) {
            return;
        }
        subscriber.connect().subscribe().with(connected -> Log.debug("LISTEN connection open"), failure -> {
            Log.warnf("Cannot open the LISTEN connection (retrying): %s", failure.getMessage());
            vertx.setTimer(reconnectDelay(attempt), tick -> connect(attempt + 1));
        });
    }

    /** 100 ms, doubling, at most 5 s: forever. */
    static Long reconnectDelay(Integer retries) {
        return Math.min(MAX_RECONNECT_DELAY_MS, 100L << Math.min(retries, 10));
    }

    /**
     * The reactive datasource's URL (its first, when several), with the datasource's credentials;
     * TCP keepalive probes an idle connection after 10 s, every 5 s, 3 times.
     */
    static PgConnectOptions options(String url, Optional<String> username, Optional<String> password) {
        String first = url.split(",")[0].trim();
        if (first.startsWith("vertx-reactive:")) {
            first = first.substring("vertx-reactive:".length());
        }
        PgConnectOptions options = PgConnectOptions.fromUri(first);
        username.ifPresent(options::setUser);
        password.ifPresent(options::setPassword);
        options.setTcpKeepAlive(true)
                .setTcpKeepAliveIdleSeconds(10)
                .setTcpKeepAliveIntervalSeconds(5)
                .setTcpKeepAliveCount(3);
        return options.setReconnectAttempts(0)
                .setConnectTimeout((int) Duration.ofSeconds(10).toMillis());
    }
}
