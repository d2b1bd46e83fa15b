package io.kongflow.jobs.console;

import io.kongflow.jobs.config.KongflowConfig;
import io.kongflow.jobs.persistence.Notifications;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The console's live updates: open pages (an unfinished run, the runs list) are told to refresh
 * when their runs change, on any replica. V21's triggers notify {@code kongflow_console} at
 * commit ({@code "<environment> <run>"} for a run created or changing status, {@code "- <run>"}
 * for a task); this replica's one LISTEN connection ({@link Notifications}) hears them. Each page
 * is told at most once per {@code kongflow.console.live-interval}, however often its runs change,
 * and gets a ping every 20 s so that proxies and the idle timeout keep the stream open. At most
 * {@code kongflow.console.max-live-connections} streams are open per replica.
 */
@ApplicationScoped
public class LiveUpdates {

    static final String CHANNEL = "kongflow_console";
    static final String CHANGED = "changed";
    static final String PING = "ping";
    private static final Duration PING_EVERY = Duration.ofSeconds(20);

    /** One open page: the environment it shows, and the one run it shows (null: the runs list). */
    private record Watcher(UUID environmentId, UUID runId, MultiEmitter<? super String> emitter, AtomicBoolean dirty) {
        boolean concerns(String environmentId, String runId) {
            return this.runId == null
                    ? this.environmentId.toString().equals(environmentId)
                    : this.runId.toString().equals(runId);
        }
    }

    private final Notifications notifications;
    private final Vertx vertx;
    private final KongflowConfig.Console config;
    private final Set<Watcher> watchers = ConcurrentHashMap.newKeySet();
    private final AtomicInteger open = new AtomicInteger();
    private long flushTimer = -1;
    private long pingTimer = -1;

    LiveUpdates(Notifications notifications, Vertx vertx, KongflowConfig config) {
        this.notifications = notifications;
        this.vertx = vertx;
        this.config = config.console();
    }

    void start(@Observes StartupEvent event) {
        // After a reconnect, what was missed meanwhile is unknown: every open page refreshes.
        notifications.listen(
                CHANNEL,
                this::notified,
                () -> watchers.forEach(watcher -> watcher.dirty().set(true)));
        flushTimer = vertx.setPeriodic(config.liveInterval().toMillis(), tick -> flush());
        pingTimer = vertx.setPeriodic(
                PING_EVERY.toMillis(),
                tick -> watchers.forEach(watcher -> watcher.emitter().emit(PING)));
    }

    void stop(@Observes ShutdownEvent event) {
        vertx.cancelTimer(flushTimer);
        vertx.cancelTimer(pingTimer);
        watchers.forEach(watcher -> watcher.emitter().complete());
    }

    /**
     * The event names for a page of that environment (and that run, or the runs list when null),
     * or null when this replica has as many streams open as it may.
     */
    Multi<String> watch(UUID environmentId, UUID runId) {
        if (open.incrementAndGet() > config.maxLiveConnections()) {
            open.decrementAndGet();
            return null;
        }
        return Multi.createFrom().emitter(emitter -> {
            Watcher watcher = new Watcher(environmentId, runId, emitter, new AtomicBoolean());
            watchers.add(watcher);
            emitter.onTermination(() -> {
                if (watchers.remove(watcher)) {
                    open.decrementAndGet();
                }
            });
            // Whatever changed between the page's rendering and this stream's start is not lost.
            emitter.emit(CHANGED);
        });
    }

    /** How many streams are open on this replica. */
    int open() {
        return open.get();
    }

    private void notified(String payload) {
        int space = payload.indexOf(' ');
        if (space < 0) {
            return;
        }
        String environmentId = payload.substring(0, space);
        String runId = payload.substring(space + 1);
        for (Watcher watcher : watchers) {
            if (watcher.concerns(environmentId, runId)) {
                watcher.dirty().set(true);
            }
        }
    }

    private void flush() {
        for (Watcher watcher : watchers) {
            if (watcher.dirty().getAndSet(false)) {
                watcher.emitter().emit(CHANGED);
            }
        }
    }
}
