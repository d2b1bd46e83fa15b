package io.kongflow.jobs.fetches;

import io.kongflow.jobs.config.KongflowConfig;
import io.kongflow.jobs.persistence.Notifications;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Wakes the fetch worker on each notification on {@code kongflow_fetches} (V26's trigger: a task
 * with an operation was created, on any replica), and after every (re)connect of the LISTEN
 * connection, for what it may have missed; polling covers the time it is down.
 */
@ApplicationScoped
class FetchWakeups {

    static final String CHANNEL = "kongflow_fetches";

    private final KongflowConfig.Fetches config;
    private final FetchWorker worker;
    private final Notifications notifications;

    FetchWakeups(KongflowConfig config, FetchWorker worker, Notifications notifications) {
        this.config = config.fetches();
        this.worker = worker;
        this.notifications = notifications;
    }

    void start(@Observes StartupEvent event) {
        if (config.workerEnabled()) {
            notifications.listen(CHANNEL, payload -> worker.wake(), worker::wake);
        }
    }
}
