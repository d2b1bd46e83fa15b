package io.kongflow.jobs.api;

import io.kongflow.jobs.catalog.AliasCatalog;
import io.kongflow.jobs.catalog.CatalogViews.JobDetail;
import io.kongflow.jobs.catalog.CatalogViews.JobView;
import io.kongflow.jobs.catalog.CatalogViews.Page;
import io.kongflow.jobs.catalog.CatalogViews.PinAlias;
import io.kongflow.jobs.catalog.JobCatalog;
import io.kongflow.jobs.catalog.JobCatalog.JobFilter;
import io.kongflow.jobs.catalog.VersionCatalog;
import io.kongflow.jobs.registration.AliasView;
import io.kongflow.jobs.registration.DeleteJob;
import io.kongflow.jobs.registration.MoveAlias;
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
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Jobs of the caller's project, seen from the caller's environment. */
@Path("/api/v1/jobs")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Jobs", description = "Jobs, their versions and aliases")
@SecurityRequirement(name = "bearerAuth")
public class JobResource {

    /** The answer to a deletion. */
    public record DeletedJob(UUID id, String slug, boolean deleted) {}

    private final JobCatalog jobs;
    private final VersionCatalog versions;
    private final AliasCatalog aliases;
    private final MoveAlias moveAlias;
    private final DeleteJob deleteJob;
    private final CurrentCaller caller;

    public JobResource(
            JobCatalog jobs,
            VersionCatalog versions,
            AliasCatalog aliases,
            MoveAlias moveAlias,
            DeleteJob deleteJob,
            CurrentCaller caller) {
        this.moveAlias = moveAlias;
        this.jobs = jobs;
        this.versions = versions;
        this.aliases = aliases;
        this.deleteJob = deleteJob;
        this.caller = caller;
    }

    @GET
    @SecurityRequirement(name = "bearerAuth", scopes = "read")
    @Operation(
            operationId = "listJobs",
            summary = "List jobs with their latest version in the caller's environment",
            description = "The caller's project's jobs, each with the version its `latest` alias names in the caller's "
                    + "environment (null where it was never registered there), ordered by id (slug). Disabled and "
                    + "internal jobs are left out unless asked for; deleted jobs never appear. Pages: pass the "
                    + "answer's `nextCursor` as `cursor`; it is null on the last page.")
    public Uni<Page<JobView>> list(
            @Parameter(description = ApiParameters.CURSOR) @QueryParam("cursor") String cursor,
            @Parameter(description = ApiParameters.LIMIT) @QueryParam("limit") @DefaultValue("20") @Min(1) @Max(100) int limit,
            @Parameter(description = ApiParameters.QUERY) @QueryParam("q") String query,
            @Parameter(description = ApiParameters.ENDPOINT) @QueryParam("endpoint") String endpoint,
            @Parameter(description = ApiParameters.INCLUDE_INTERNAL)
                    @QueryParam("includeInternal")
                    @DefaultValue("false")
                    boolean includeInternal,
            @Parameter(description = ApiParameters.INCLUDE_DISABLED)
                    @QueryParam("includeDisabled")
                    @DefaultValue("false")
                    boolean includeDisabled) {
        return jobs.list(caller.get(), new JobFilter(query, endpoint, includeInternal, includeDisabled), cursor, limit);
    }

    @GET
    @Path("/{slug}")
    @SecurityRequirement(name = "bearerAuth", scopes = "read")
    @Operation(
            operationId = "getJob",
            summary = "Get a job, its latest version and its status in every environment",
            description =
                    "A job with its latest version in the caller's environment (queue, examples, integrations) and, "
                            + "for every environment of the project, the version `latest` names there and its status.")
    public Uni<JobDetail> get(@Parameter(description = ApiParameters.JOB_SLUG) @PathParam("slug") String slug) {
        return jobs.get(caller.get(), slug);
    }

    @DELETE
    @Path("/{slug}")
    @SecurityRequirement(name = "bearerAuth", scopes = "delete")
    @Operation(
            operationId = "deleteJob",
            summary = "Soft-delete a job; 409 while its latest version is active anywhere",
            description = "Soft-deletes the job: it disappears from lists and lookups (404). Allowed only while the "
                    + "version `latest` names is DISABLED in every environment; otherwise 409 names the environments "
                    + "where it is still active. A later enabled registration brings the job back.")
    public Uni<DeletedJob> delete(@Parameter(description = ApiParameters.JOB_SLUG) @PathParam("slug") String slug) {
        return deleteJob.delete(caller.get(), slug).map(id -> new DeletedJob(id, slug, true));
    }

    @GET
    @Path("/{slug}/versions")
    @SecurityRequirement(name = "bearerAuth", scopes = "read")
    @Operation(
            operationId = "listJobVersions",
            summary = "List a job's versions in the caller's environment, newest first",
            description =
                    "The job's versions in the caller's environment, newest first in semantic-version order (1.10.0 "
                            + "before 1.9.0; strings that are not semver after all semver ones). Pages: pass `nextCursor` as "
                            + "`cursor`.")
    public Uni<Page<VersionView>> versions(
            @Parameter(description = ApiParameters.JOB_SLUG) @PathParam("slug") String slug,
            @Parameter(description = ApiParameters.CURSOR) @QueryParam("cursor") String cursor,
            @Parameter(description = ApiParameters.LIMIT) @QueryParam("limit") @DefaultValue("20") @Min(1) @Max(100) int limit) {
        return versions.list(caller.get(), slug, cursor, limit);
    }

    @GET
    @Path("/{slug}/versions/{version}")
    @SecurityRequirement(name = "bearerAuth", scopes = "read")
    @Operation(
            operationId = "getJobVersion",
            summary = "Get one version of a job",
            description = "One version of the job in the caller's environment, by its version string.")
    public Uni<VersionView> version(
            @Parameter(description = ApiParameters.JOB_SLUG) @PathParam("slug") String slug,
            @Parameter(description = ApiParameters.VERSION) @PathParam("version") String version) {
        return versions.get(caller.get(), slug, version);
    }

    @GET
    @Path("/{slug}/aliases")
    @SecurityRequirement(name = "bearerAuth", scopes = "read")
    @Operation(
            operationId = "listJobAliases",
            summary = "List a job's aliases in the caller's environment",
            description =
                    "The job's aliases in the caller's environment: `latest`, moved by registrations and pins, and "
                            + "any alias pinned through the API.")
    public Uni<List<AliasView>> aliases(
            @Parameter(description = ApiParameters.JOB_SLUG) @PathParam("slug") String slug) {
        return aliases.list(caller.get(), slug);
    }

    @PUT
    @Path("/{slug}/aliases/{name}")
    @SecurityRequirement(name = "bearerAuth", scopes = "write")
    @Operation(
            operationId = "pinJobAlias",
            summary = "Point an alias at an existing version (pin, promote, roll back)",
            description = "Points the alias at an existing version of the job in the caller's environment. Pinning "
                    + "`latest` to an older version rolls the job back: its event dispatcher is rebuilt from that "
                    + "version's trigger at once. A pin of `latest` holds until a version higher than every existing "
                    + "one is registered.")
    public Uni<AliasView> pin(
            @Parameter(description = ApiParameters.JOB_SLUG) @PathParam("slug") String slug,
            @Parameter(description = ApiParameters.ALIAS_NAME)
                    @PathParam("name")
                    @Pattern(regexp = "^[a-zA-Z0-9._-]{1,50}$") String name,
            @Valid @NotNull PinAlias request) {
        return moveAlias.pin(caller.get(), slug, name, request.version());
    }
}
