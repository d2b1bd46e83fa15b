package io.kongflow.jobs.console;

import io.kongflow.jobs.console.ConsoleViews.EventLine;
import io.kongflow.jobs.console.ConsoleViews.EventsView;
import io.kongflow.jobs.console.EventListReads.EventRow;
import io.kongflow.jobs.problem.ApiException;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The events list: name, received, deliver at, delivered, cancelled and the runs each started, filtered by name or id. */
@Path("/console/events")
@Produces(MediaType.TEXT_HTML)
public class EventsResource {

    static final int PAGE_SIZE = 25;

    private final EventListReads eventList;
    private final CurrentSession current;

    EventsResource(EventListReads eventList, CurrentSession current) {
        this.eventList = eventList;
        this.current = current;
    }

    @GET
    public Uni<String> list(@RestQuery String name, @RestQuery String event, @RestQuery String cursor) {
        ConsoleSession session = current.get();
        return eventList
                .events(session.caller(), name, event, cursor, PAGE_SIZE)
                .map(rows -> new EventsView(
                        name == null ? "" : name,
                        event == null ? "" : event,
                        "name=" + encoded(name) + "&event=" + encoded(event),
                        rows.events().stream().map(EventsResource::line).toList(),
                        rows.nextCursor()))
                .map(page -> Templates.events(session, page).render());
    }

    @ServerExceptionMapper
    public Response failed(ApiException failure) {
        return ErrorPages.page(failure, current);
    }

    private static EventLine line(EventRow row) {
        return new EventLine(
                row.eventId(),
                encoded(row.eventId()),
                row.name(),
                row.source(),
                row.test(),
                Display.time(row.createdAt()),
                Display.time(row.deliverAt()),
                Display.time(row.deliveredAt()),
                Display.time(row.cancelledAt()),
                row.runs());
    }

    private static String encoded(String value) {
        return value == null ? "" : URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
