package io.kongflow.jobs.api;

import io.kongflow.jobs.indexing.IndexQueue;
import io.kongflow.jobs.indexing.IndexView;
import io.kongflow.jobs.tenancy.CurrentCaller;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Endpoint indexes by id (the trigger.dev v2 route name). */
@Path("/api/v1/endpointindex")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Endpoints")
@SecurityRequirement(name = "bearerAuth")
public class EndpointIndexResource {

    private final IndexQueue indexes;
    private final CurrentCaller caller;

    public EndpointIndexResource(IndexQueue indexes, CurrentCaller caller) {
        this.indexes = indexes;
        this.caller = caller;
    }

    @GET
    @Path("/{id}")
    @SecurityRequirement(name = "bearerAuth", scopes = "read")
    @Operation(
            operationId = "getEndpointIndex",
            summary = "Get an endpoint index: its status, then stats or error",
            description = "Follows an index: `status` is PENDING, STARTED, then SUCCESS with `stats` (`jobs`, "
                    + "`disabledJobs`, `failedJobs`, and the counts of `sources`, `dynamicTriggers`, "
                    + "`dynamicSchedules`, `httpEndpoints`, `webhooks` the endpoint reported) or FAILURE with "
                    + "`error.message`.")
    public Uni<IndexView> get(@Parameter(description = ApiParameters.INDEX_ID) @PathParam("id") UUID id) {
        return indexes.get(caller.get(), id).map(IndexView::of);
    }
}
