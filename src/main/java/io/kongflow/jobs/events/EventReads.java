package io.kongflow.jobs.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kongflow.jobs.events.EventViews.ApiEventLog;
import io.kongflow.jobs.events.EventViews.EventDetail;
import io.kongflow.jobs.events.EventViews.EventRun;
import io.kongflow.jobs.ops.ServiceMetrics;
import io.kongflow.jobs.persistence.Parameters;
import io.kongflow.jobs.persistence.Postgres;
import io.kongflow.jobs.persistence.Rows;
import io.kongflow.jobs.persistence.RunStatus;
import io.kongflow.jobs.problem.NotFound;
import io.kongflow.jobs.tenancy.Caller;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Reads and cancels events by the id they were sent with, in the caller's environment (another's: 404). */
@ApplicationScoped
public class EventReads {

    // One statement: the event and its runs (V17's (event_id, version_id) index), oldest first.
    private static final String GET = """
            SELECT e.event_id, e.name, e.created_at, e.updated_at,
                r.id AS run_id, r.status, r.started_at, r.completed_at
            FROM event_records e
            LEFT JOIN job_runs r ON r.event_id = e.id
            WHERE e.environment_id = :environmentId AND e.event_id = :eventId
            ORDER BY r.created_at, r.id""";

    // A delivered event is left as it is (it was delivered; nothing is cancelled); a cancelled one
    // keeps its first cancellation. The row lock waits for a delivery in progress, which then wins.
    private static final String CANCEL = """
            UPDATE event_records SET cancelled_at = now(), updated_at = now()
            WHERE environment_id = :environmentId AND event_id = :eventId
              AND delivered_at IS NULL AND cancelled_at IS NULL""";

    private static final String STORED = "SELECT" + StoredEvent.COLUMNS + """
            FROM event_records WHERE environment_id = :environmentId AND event_id = :eventId""";

    private final Postgres postgres;
    private final ObjectMapper mapper;
    private final ServiceMetrics metrics;

    EventReads(Postgres postgres, ObjectMapper mapper, ServiceMetrics metrics) {
        this.postgres = postgres;
        this.mapper = mapper;
        this.metrics = metrics;
    }

    public Uni<EventDetail> get(Caller caller, String eventId) {
        return postgres.statements()
                .list(GET, parameters(caller, eventId), row -> row)
                .map(rows -> {
                    if (rows.isEmpty()) {
                        throw notFound(eventId);
                    }
                    Row first = rows.get(0);
                    List<EventRun> runs = new ArrayList<>();
                    for (Row row : rows) {
                        if (row.getUUID("run_id") != null) {
                            runs.add(new EventRun(
                                    row.getUUID("run_id"),
                                    RunStatus.valueOf(row.getString("status")),
                                    Rows.instant(row, "started_at"),
                                    Rows.instant(row, "completed_at")));
                        }
                    }
                    Instant createdAt = Rows.instant(first, "created_at");
                    return new EventDetail(
                            first.getString("event_id"),
                            first.getString("name"),
                            createdAt,
                            Rows.instant(first, "updated_at"),
                            runs);
                });
    }

    /** Cancels an event not delivered yet: it will never be; an event delivered or cancelled before is answered as it is. */
    public Uni<ApiEventLog> cancel(Caller caller, String eventId) {
        Parameters parameters = parameters(caller, eventId);
        return postgres.transaction(sql -> sql.execute(CANCEL, parameters)
                .chain(cancelled -> sql.first(STORED, parameters, StoredEvent::repeat)
                        .map(stored -> {
                            if (stored == null) {
                                throw notFound(eventId);
                            }
                            if (cancelled > 0) {
                                metrics.events("cancelled", 1);
                            }
                            return stored.view(mapper);
                        })));
    }

    private static Parameters parameters(Caller caller, String eventId) {
        return Parameters.with("environmentId", caller.environmentId()).and("eventId", eventId);
    }

    private static NotFound notFound(String eventId) {
        return new NotFound("Event");
    }
}
