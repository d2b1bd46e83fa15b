package io.kongflow.jobs.execution;

import io.kongflow.jobs.config.ExecutionSettings;
import io.kongflow.jobs.config.KongflowConfig;
import io.kongflow.jobs.persistence.Notifications;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Wakes the worker on each notification on {@code kongflow_execution} (a run was queued or a slot
 * was freed, on any replica), and after every (re)connect of the LISTEN connection, for what it may
 * have missed; polling covers the time it is down.
 */
@ApplicationScoped
class ExecutionWakeups {

    static final String CHANNEL = "kongflow_execution";

    private final ExecutionSettings config;
    private final ExecutionWorker worker;
    private final Notifications notifications;

    ExecutionWakeups(KongflowConfig config, ExecutionWorker worker, Notifications notifications) {
        this.config = config.execution();
        this.worker = worker;
        this.notifications = notifications;
    }

    void start(@Observes StartupEvent event) {
        if (config.workerEnabled()) {
            notifications.listen(CHANNEL, payload -> worker.wake(), worker::wake);
        }
    }
}
