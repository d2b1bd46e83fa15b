package io.kongflow.jobs.api;

import io.kongflow.jobs.events.EphemeralDispatcherRequest;
import io.kongflow.jobs.events.EphemeralDispatchers;
import io.kongflow.jobs.tenancy.CurrentCaller;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** io.waitForEvent's ephemeral event dispatchers. */
@Path("/api/v1/event-dispatchers/ephemeral")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Events")
@SecurityRequirement(name = "bearerAuth")
public class EventDispatcherResource {

    private final EphemeralDispatchers dispatchers;
    private final CurrentCaller caller;

    public EventDispatcherResource(EphemeralDispatchers dispatchers, CurrentCaller caller) {
        this.dispatchers = dispatchers;
        this.caller = caller;
    }

    @POST
    @SecurityRequirement(name = "bearerAuth", scopes = "write")
    @Operation(
            operationId = "createEphemeralEventDispatcher",
            summary = "Wait for an event (io.waitForEvent): a one-shot dispatcher",
            description = "Binds a dispatcher to the waiting callback task whose `callbackUrl` is `url` (a task of the "
                    + "caller's environment; any other url answers 404, one that is no callback URL 400). The first "
                    + "event of the environment named `name` from `source` (default `trigger.dev`) that passes "
                    + "`filter` and `contextFilter` (as event triggers match) completes the task with "
                    + "`{id, name, source, payload, context, timestamp, accountId}` and resumes its run, once. The "
                    + "dispatcher ends with its task, or after `timeoutInSeconds` (10 to 31536000, default 3600). "
                    + "A repeat for the same task answers the same id and changes nothing.")
    public Uni<EphemeralDispatcherRequest.Created> create(@NotNull @Valid EphemeralDispatcherRequest request) {
        return dispatchers
                .create(caller.get(), request)
                .map(id -> new EphemeralDispatcherRequest.Created(id.toString()));
    }
}
