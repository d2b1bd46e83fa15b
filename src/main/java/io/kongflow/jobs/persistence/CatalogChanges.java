package io.kongflow.jobs.persistence;

import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Which projects' catalog (jobs, versions, aliases, queues, environments) changed, as far as this
 * replica knows: a generation per project that every change moves on. Writes anywhere reach it
 * through {@code kongflow_catalog} (V14's triggers notify at commit); this replica's own writers
 * also call {@link #changed} once committed, so that a caller reads its own writes here at once.
 *
 * <p>Projects share 4 096 counters by hash: memory stays fixed whatever the number of projects,
 * and a change may only make another project's cached reads miss, never serve them stale.
 */
@ApplicationScoped
public class CatalogChanges {

    static final String CHANNEL = "kongflow_catalog";
    private static final int STRIPES = 4096;

    private final AtomicLongArray generations = new AtomicLongArray(STRIPES);
    private final Notifications notifications;
    private volatile Object listeningOn;

    CatalogChanges(Notifications notifications) {
        this.notifications = notifications;
    }

    /** Starts listening; until LISTEN runs, {@link #tracked()} is false. */
    public void listen() {
        notifications.listen(CHANNEL, this::notified, () -> {
            forgetAll();
            listeningOn = notifications.connection();
        });
    }

    /**
     * True while every change committed anywhere reaches this replica: LISTEN runs on the current
     * connection. Lost notifications cannot be told apart, so the connection's loss ends it, and a
     * new connection's LISTEN starts with {@link #forgetAll}.
     */
    public boolean tracked() {
        Object connection = notifications.connection();
        return connection != null && connection == listeningOn;
    }

    public long generation(UUID projectId) {
        return generations.get(stripe(projectId));
    }

    /** After a commit that changed the project's catalog. */
    public void changed(UUID projectId) {
        generations.incrementAndGet(stripe(projectId));
    }

    /** Every project changed (a notification was missed or unreadable). */
    public void forgetAll() {
        for (int i = 0; i < STRIPES; i++) {
            generations.incrementAndGet(i);
        }
    }

    private void notified(String payload) {
        try {
            changed(UUID.fromString(payload));
        } catch (IllegalArgumentException unreadable) {
            Log.warnf("Unreadable %s notification '%s': forgetting every project", CHANNEL, payload);
            forgetAll();
        }
    }

    private static int stripe(UUID projectId) {
        int hash = projectId.hashCode();
        return (hash ^ (hash >>> 16)) & (STRIPES - 1);
    }
}
