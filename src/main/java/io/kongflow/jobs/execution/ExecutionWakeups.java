package io.kongflow.jobs.execution;

import io.kongflow.jobs.config.KongflowConfig;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * LISTENs on {@code kongflow_execution} on a connection of its own and wakes the worker on each
 * notification (a run was queued or a slot was freed, on any replica), reconnecting when the
 * connection is lost; after every (re)connect the worker is woken too, for what it may have missed.
 */
@ApplicationScoped
class ExecutionWakeups {

    static final String CHANNEL = "kongflow_execution";
    private static final long MAX_RECONNECT_DELAY_MS = 5_000;

    private final KongflowConfig.Execution config;
    private final ExecutionWorker worker;
    private final Vertx vertx;
    private final Optional<String> url;
    private final Optional<String> username;
    private final Optional<String> password;
    private volatile PgSubscriber subscriber;
    private volatile boolean stopped;

    ExecutionWakeups(
            KongflowConfig config,
            ExecutionWorker worker,
            Vertx vertx,
            @ConfigProperty(name = "quarkus.datasource.reactive.url") Optional<String> url,
            @ConfigProperty(name = "quarkus.datasource.username") Optional<String> username,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.config = config.execution();
        this.worker = worker;
        this.vertx = vertx;
        this.url = url;
        this.username = username;
        this.password = password;
    }

    void start(@Observes StartupEvent event) {
        if (!config.workerEnabled() || url.isEmpty()) {
            return;
        }
        PgSubscriber listening = PgSubscriber.subscriber(vertx, options(url.get(), username, password))
                .reconnectPolicy(ExecutionWakeups::reconnectDelay);
        listening.channel(CHANNEL).subscribeHandler(worker::wake).handler(payload -> worker.wake());
        subscriber = listening;
        connect(0);
    }

    void stop(@Observes ShutdownEvent event) {
        stopped = true;
        if (subscriber != null) {
            subscriber.closeAndForget();
        }
    }

    /** The first connection is retried here; the subscriber's policy retries a lost one. */
    private void connect(int attempt) {
        if (stopped) {
            return;
        }
        subscriber.connect().subscribe().with(connected -> Log.debug("Listening for execution wake-ups"), failure -> {
            Log.warnf("Cannot LISTEN for execution wake-ups (polling goes on): %s", failure.getMessage());
            vertx.setTimer(reconnectDelay(attempt), tick -> connect(attempt + 1));
        });
    }

    /** 100 ms, doubling, at most 5 s: forever (polling covers the gap). */
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
