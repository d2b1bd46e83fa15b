package io.kongflow.jobs.schedules;

import io.kongflow.jobs.persistence.Notifications;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Wakes the schedule worker on each notification on {@code kongflow_schedules} (V20's triggers: a
 * registration wrote a new, changed or re-activated schedule on any replica), and after every
 * (re)connect of the LISTEN connection, for what it may have missed; the poll covers the time it is down.
 */
@ApplicationScoped
class ScheduleWakeups {

    static final String CHANNEL = "kongflow_schedules";

    private final ScheduleSettings settings;
    private final ScheduleWorker worker;
    private final Notifications notifications;

    ScheduleWakeups(ScheduleSettings settings, ScheduleWorker worker, Notifications notifications) {
        this.settings = settings;
        this.worker = worker;
        this.notifications = notifications;
    }

    void start(@Observes StartupEvent event) {
        if (settings.workerEnabled()) {
            notifications.listen(CHANNEL, payload -> worker.wake(), worker::wake);
        }
    }
}
