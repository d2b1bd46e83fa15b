package io.kongflow.jobs.api;

import io.kongflow.jobs.catalog.AliasService;
import io.kongflow.jobs.catalog.CatalogViews.AliasView;
import io.kongflow.jobs.catalog.CatalogViews.JobDetail;
import io.kongflow.jobs.catalog.CatalogViews.JobView;
import io.kongflow.jobs.catalog.CatalogViews.Page;
import io.kongflow.jobs.catalog.CatalogViews.PinAlias;
import io.kongflow.jobs.catalog.JobCatalog;
import io.kongflow.jobs.catalog.JobCatalog.JobFilter;
import io.kongflow.jobs.catalog.VersionCatalog;
import io.kongflow.jobs.registration.DeleteJob;
import io.kongflow.jobs.registration.RegistrationResult.VersionView;
import io.kongflow.jobs.tenancy.CurrentCaller;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.UUID;

/** Jobs of the caller's project, seen from the caller's environment. */
@Path("/api/v1/jobs")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Jobs", description = "Jobs, their versions and aliases")
@SecurityRequirement(name = "bearerAuth")
public class JobResource {

    /** The answer to a deletion. */
    public record DeletedJob(UUID id, String slug, boolean deleted) {
    }

    private final JobCatalog jobs;
    private final VersionCatalog versions;
    private final AliasService aliases;
    private final DeleteJob deleteJob;
    private final CurrentCaller caller;

    public JobResource(JobCatalog jobs, VersionCatalog versions, AliasService aliases, DeleteJob deleteJob,
                       CurrentCaller caller) {
        this.jobs = jobs;
        this.versions = versions;
        this.aliases = aliases;
        this.deleteJob = deleteJob;
        this.caller = caller;
    }

    @GET
    @SecurityRequirement(name = "bearerAuth", scopes = "read")
    @Operation(operationId = "listJobs", summary = "List jobs with their latest version in the caller's environment")
    public Uni<Page<JobView>> list(@QueryParam("cursor") String cursor,
                                   @QueryParam("limit") @DefaultValue("20") @Min(1) @Max(100) int limit,
                                   @QueryParam("q") String query,
                                   @QueryParam("endpoint") String endpoint,
                                   @QueryParam("includeInternal") @DefaultValue("false") boolean includeInternal,
                                   @QueryParam("includeDisabled") @DefaultValue("false") boolean includeDisabled) {
        return jobs.list(caller.get(), new JobFilter(query, endpoint, includeInternal, includeDisabled), cursor, limit);
    }

    @GET
    @Path("/{slug}")
    @SecurityRequirement(name = "bearerAuth", scopes = "read")
    @Operation(operationId = "getJob", summary = "Get a job, its latest version and its status in every environment")
    public Uni<JobDetail> get(@PathParam("slug") String slug) {
        return jobs.get(caller.get(), slug);
    }

    @DELETE
    @Path("/{slug}")
    @SecurityRequirement(name = "bearerAuth", scopes = "delete")
    @Operation(operationId = "deleteJob", summary = "Soft-delete a job; 409 while its latest version is active anywhere")
    public Uni<DeletedJob> delete(@PathParam("slug") String slug) {
        return deleteJob.delete(caller.get(), slug).map(id -> new DeletedJob(id, slug, true));
    }

    @GET
    @Path("/{slug}/versions")
    @SecurityRequirement(name = "bearerAuth", scopes = "read")
    @Operation(operationId = "listJobVersions", summary = "List a job's versions in the caller's environment, newest first")
    public Uni<Page<VersionView>> versions(@PathParam("slug") String slug, @QueryParam("cursor") String cursor,
                                           @QueryParam("limit") @DefaultValue("20") @Min(1) @Max(100) int limit) {
        return versions.list(caller.get(), slug, cursor, limit);
    }

    @GET
    @Path("/{slug}/versions/{version}")
    @SecurityRequirement(name = "bearerAuth", scopes = "read")
    @Operation(operationId = "getJobVersion", summary = "Get one version of a job")
    public Uni<VersionView> version(@PathParam("slug") String slug, @PathParam("version") String version) {
        return versions.get(caller.get(), slug, version);
    }

    @GET
    @Path("/{slug}/aliases")
    @SecurityRequirement(name = "bearerAuth", scopes = "read")
    @Operation(operationId = "listJobAliases", summary = "List a job's aliases in the caller's environment")
    public Uni<List<AliasView>> aliases(@PathParam("slug") String slug) {
        return aliases.list(caller.get(), slug);
    }

    @PUT
    @Path("/{slug}/aliases/{name}")
    @SecurityRequirement(name = "bearerAuth", scopes = "write")
    @Operation(operationId = "pinJobAlias", summary = "Point an alias at an existing version (pin, promote, roll back)")
    public Uni<AliasView> pin(@PathParam("slug") String slug,
                              @PathParam("name") @Pattern(regexp = "^[a-zA-Z0-9._-]{1,50}$") String name,
                              @Valid @NotNull PinAlias request) {
        return aliases.pin(caller.get(), slug, name, request.version());
    }
}
