package io.kongflow.jobs.api;

import io.kongflow.jobs.api.EndpointViews.CreateEndpoint;
import io.kongflow.jobs.api.EndpointViews.EndpointView;
import io.kongflow.jobs.endpoints.EndpointService;
import io.kongflow.jobs.tenancy.CurrentCaller;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/** The caller's SDK endpoints. */
@Path("/api/v1/endpoints")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Endpoints", description = "SDK endpoints that serve jobs")
@SecurityRequirement(name = "bearerAuth")
public class EndpointResource {

    private final EndpointService endpoints;
    private final CurrentCaller caller;

    public EndpointResource(EndpointService endpoints, CurrentCaller caller) {
        this.endpoints = endpoints;
        this.caller = caller;
    }

    @POST
    @Operation(operationId = "createEndpoint", summary = "Create or update the endpoint with this id")
    public Uni<EndpointView> create(@Valid @NotNull CreateEndpoint request) {
        return endpoints.upsert(caller.get(), request.id(), request.url()).map(EndpointView::of);
    }

    @GET
    @Operation(operationId = "listEndpoints", summary = "List the endpoints of the caller's environment")
    public Uni<List<EndpointView>> list() {
        return endpoints.list(caller.get()).map(all -> all.stream().map(EndpointView::of).toList());
    }

    @GET
    @Path("/{slug}")
    @Operation(operationId = "getEndpoint", summary = "Get an endpoint by its id")
    public Uni<EndpointView> get(@PathParam("slug") String slug) {
        return endpoints.get(caller.get(), slug).map(EndpointView::of);
    }

    @DELETE
    @Path("/{slug}")
    @Operation(operationId = "deleteEndpoint", summary = "Delete an endpoint: its url is cleared, its jobs stay")
    public Uni<EndpointView> delete(@PathParam("slug") String slug) {
        return endpoints.delete(caller.get(), slug).map(EndpointView::of);
    }
}
