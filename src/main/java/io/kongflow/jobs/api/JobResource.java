package io.kongflow.jobs.api;

import io.kongflow.jobs.registration.DeleteJob;
import io.kongflow.jobs.tenancy.CurrentCaller;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.UUID;

/** Jobs of the caller's project. */
@Path("/api/v1/jobs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Jobs", description = "Jobs and their versions")
@SecurityRequirement(name = "bearerAuth")
public class JobResource {

    /** The answer to a deletion. */
    public record DeletedJob(UUID id, String slug, boolean deleted) {
    }

    private final DeleteJob deleteJob;
    private final CurrentCaller caller;

    public JobResource(DeleteJob deleteJob, CurrentCaller caller) {
        this.deleteJob = deleteJob;
        this.caller = caller;
    }

    @DELETE
    @Path("/{slug}")
    @Operation(operationId = "deleteJob", summary = "Soft-delete a job; 409 while its latest version is active anywhere")
    public Uni<DeletedJob> delete(@PathParam("slug") String slug) {
        return deleteJob.delete(caller.get(), slug).map(id -> new DeletedJob(id, slug, true));
    }
}
