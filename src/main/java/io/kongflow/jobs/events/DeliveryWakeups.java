package io.kongflow.jobs.events;

import io.kongflow.jobs.config.KongflowConfig;
import io.kongflow.jobs.persistence.Notifications;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Wakes the delivery worker on each notification on {@code kongflow_events} (V18's trigger: an
 * event to deliver was stored, on any replica), and after every (re)connect of the LISTEN
 * connection, for what it may have missed; polling covers the time it is down.
 */
@ApplicationScoped
class DeliveryWakeups {

    static final String CHANNEL = "kongflow_events";

    private final KongflowConfig.Events config;
    private final DeliveryWorker worker;
    private final Notifications notifications;

    DeliveryWakeups(KongflowConfig config, DeliveryWorker worker, Notifications notifications) {
        this.config = config.events();
        this.worker = worker;
        this.notifications = notifications;
    }

    void start(@Observes StartupEvent event) {
        if (config.workerEnabled()) {
            notifications.listen(CHANNEL, payload -> worker.wake(), worker::wake);
        }
    }
}
