package io.kongflow.jobs.api;

import io.kongflow.jobs.catalog.VersionCatalog;
import io.kongflow.jobs.registration.RegistrationResult.VersionView;
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

/** Versions by id. */
@Path("/api/v1/job-versions")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Jobs")
@SecurityRequirement(name = "bearerAuth")
public class JobVersionResource {

    private final VersionCatalog versions;
    private final CurrentCaller caller;

    public JobVersionResource(VersionCatalog versions, CurrentCaller caller) {
        this.versions = versions;
        this.caller = caller;
    }

    @GET
    @Path("/{id}")
    @SecurityRequirement(name = "bearerAuth", scopes = "read")
    @Operation(
            operationId = "getJobVersionById",
            summary = "Get a job version by its id",
            description = "One job version by its id, if it belongs to the caller's environment.")
    public Uni<VersionView> get(@Parameter(description = ApiParameters.VERSION_ID) @PathParam("id") UUID id) {
        return versions.get(caller.get(), id);
    }
}
