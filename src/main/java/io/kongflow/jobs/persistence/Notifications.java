package io.kongflow.jobs.persistence;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The replica's one LISTEN connection, shared by every channel it listens on, opened like the
 * reactive datasource and reconnected whenever it is lost. Notifications sent while it was down
 * are gone: each channel's {@code listening} callback runs after every (re)connect, so that its
 * owner can make up for what it may have missed.
 */
@ApplicationScoped
public class Notifications {

    private static final long MAX_RECONNECT_DELAY_MS = 5_000;

    private final Vertx vertx;
    private final Optional<String> url;
    private final Optional<String> username;
    private final Optional<String> password;
    private volatile PgSubscriber subscriber;
    private volatile boolean stopped;

    Notifications(
            Vertx vertx,
            @ConfigProperty(name = "quarkus.datasource.reactive.url") Optional<String> url,
            @ConfigProperty(name = "quarkus.datasource.username") Optional<String> username,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.vertx = vertx;
        this.url = url;
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
        }
        subscriber.channel(channel).subscribeHandler(listening).handler(notified);
        if (first) {
            connect(0);
        }
    }

    /** The connection LISTEN currently runs on (compared by identity); null while there is none. */
    public Object connection() {
        PgSubscriber current = subscriber;
        return current == null ? null : current.getDelegate().actualConnection();
    }

    void stop(@Observes ShutdownEvent event) {
        PgSubscriber closing;
        synchronized (this) {
            stopped = true;
            closing = subscriber;
        }
        if (closing != null) {
            closing.closeAndForget();
        }
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

    /** The reactive datasource's URL (its first, when several), with the datasource's credentials. */
    static PgConnectOptions options(String url, Optional<String> username, Optional<String> password) {
        String first = url.split(",")[0].trim();
        if (first.startsWith("vertx-reactive:")) {
            first = first.substring("vertx-reactive:".length());
        }
        PgConnectOptions options = PgConnectOptions.fromUri(first);
        username.ifPresent(options::setUser);
        password.ifPresent(options::setPassword);
        return options.setReconnectAttempts(0)
                .setConnectTimeout((int) Duration.ofSeconds(10).toMillis());
    }
}
