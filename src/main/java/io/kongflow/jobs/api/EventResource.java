package io.kongflow.jobs.api;

import io.kongflow.jobs.events.EventReads;
import io.kongflow.jobs.events.EventViews;
import io.kongflow.jobs.events.EventViews.ApiEventLog;
import io.kongflow.jobs.events.EventViews.EventDetail;
import io.kongflow.jobs.events.EventViews.SendBulkRequest;
import io.kongflow.jobs.events.EventViews.SendEventRequest;
import io.kongflow.jobs.events.SendEvents;
import io.kongflow.jobs.problem.NotFound;
import io.kongflow.jobs.runs.CancelRuns;
import io.kongflow.jobs.runs.RunViews.CancelResult;
import io.kongflow.jobs.tenancy.CurrentCaller;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The events API the v2 SDK calls: send (one or many), read with its runs, cancel, cancel its runs. */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Events", description = "Events that start the runs of the jobs whose triggers match them")
@SecurityRequirement(name = "bearerAuth")
public class EventResource {

    private final SendEvents sendEvents;
    private final EventReads events;
    private final CancelRuns cancelRuns;
    private final CurrentCaller caller;

    public EventResource(SendEvents sendEvents, EventReads events, CancelRuns cancelRuns, CurrentCaller caller) {
        this.sendEvents = sendEvents;
        this.events = events;
        this.cancelRuns = cancelRuns;
        this.caller = caller;
    }

    @POST
    @Path("/v1/events")
    @SecurityRequirement(name = "bearerAuth", scopes = "write")
    @Operation(
            operationId = "sendEvent",
            summary = "Send an event; the jobs whose triggers match it run",
            description = "Stores the event and answers it (200, as trigger.dev v2). It is delivered at once, or at "
                    + "`options.deliverAt`, or `options.deliverAfter` seconds from now: every enabled event trigger "
                    + "of the environment listening to its name from its source (default `trigger.dev`) whose "
                    + "payload and context filters it passes starts one run of its job's version. The id (made by "
                    + "the service when none is given) is unique in the environment: sending it again answers the "
                    + "stored event and starts nothing.")
    public Uni<ApiEventLog> send(@NotNull @Valid SendEventRequest request) {
        return sendEvents
                .send(caller.get(), List.of(request.event()), request.options(), "")
                .map(stored -> stored.get(0));
    }

    @POST
    @Path("/v1/events/bulk")
    @SecurityRequirement(name = "bearerAuth", scopes = "write")
    @Operation(
            operationId = "sendEvents",
            summary = "Send 1 to " + EventViews.MAX_BULK + " events at once",
            description = "As sendEvent, for each event, in one transaction; the options apply to all. Answers the "
                    + "events in the order sent. No event, or more than " + EventViews.MAX_BULK + ", answers 400.")
    public Uni<List<ApiEventLog>> sendBulk(@NotNull @Valid SendBulkRequest request) {
        return sendEvents.send(caller.get(), request.events(), request.options(), "events");
    }

    @GET
    @Path("/v2/events/{id}")
    @SecurityRequirement(name = "bearerAuth", scopes = "read")
    @Operation(
            operationId = "getEvent",
            summary = "An event with the runs it started",
            description = "The event sent with this id in the caller's environment, and its runs, oldest first.")
    public Uni<EventDetail> get(@Parameter(description = ApiParameters.EVENT_ID) @PathParam("id") String id) {
        return events.get(caller.get(), id);
    }

    @POST
    @Path("/v1/events/{id}/cancel")
    @Consumes(MediaType.WILDCARD)
    @SecurityRequirement(name = "bearerAuth", scopes = "write")
    @Operation(
            operationId = "cancelEvent",
            summary = "Cancel an event not delivered yet",
            description = "An event not delivered yet is never delivered (`cancelledAt` set). An event cancelled or "
                    + "delivered before is answered as it is.")
    public Uni<ApiEventLog> cancel(@Parameter(description = ApiParameters.EVENT_ID) @PathParam("id") String id) {
        return events.cancel(caller.get(), id);
    }

    @POST
    @Path("/v1/events/{id}/cancel-runs")
    @Consumes(MediaType.WILDCARD)
    @SecurityRequirement(name = "bearerAuth", scopes = "delete")
    @Operation(
            operationId = "cancelEventRuns",
            summary = "Cancel the unfinished runs an event started",
            description = "Cancels the runs the event started that have not finished (as cancelJobRuns does for a "
                    + "job's runs); answers the ids cancelled and those that could not be.")
    public Uni<CancelResult> cancelRuns(@Parameter(description = ApiParameters.EVENT_ID) @PathParam("id") String id) {
        return cancelRuns.cancelForEvent(caller.get(), id).onItem().ifNull().failWith(() -> new NotFound("Event"));
    }
}
