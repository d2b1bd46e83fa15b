package io.kongflow.jobs.api.admin;

import io.kongflow.jobs.api.admin.AdminViews.ApiKeyView;
import io.kongflow.jobs.api.admin.AdminViews.CreateEnvironment;
import io.kongflow.jobs.api.admin.AdminViews.CreateKey;
import io.kongflow.jobs.api.admin.AdminViews.CreateOrganization;
import io.kongflow.jobs.api.admin.AdminViews.CreateProject;
import io.kongflow.jobs.api.admin.AdminViews.EnvironmentView;
import io.kongflow.jobs.api.admin.AdminViews.OrganizationView;
import io.kongflow.jobs.api.admin.AdminViews.ProjectView;
import io.kongflow.jobs.problem.InvalidInput;
import io.kongflow.jobs.tenancy.EnvironmentKeys;
import io.kongflow.jobs.tenancy.NamedKeys;
import io.kongflow.jobs.tenancy.NamedKeys.NamedKey;
import io.kongflow.jobs.tenancy.TenancyService;
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
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

/** The admin API: organizations, projects, environments and their keys. */
@Path("/api/admin/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Admin", description = "Tenants and API keys (admin token)")
@SecurityRequirement(name = "bearerAuth")
public class AdminResource {

    private final TenancyService tenancy;
    private final NamedKeys namedKeys;
    private final EnvironmentKeys keys;

    public AdminResource(TenancyService tenancy, NamedKeys namedKeys, EnvironmentKeys keys) {
        this.tenancy = tenancy;
        this.namedKeys = namedKeys;
        this.keys = keys;
    }

    @POST
    @Path("/organizations")
    @Operation(
            operationId = "createOrganization",
            summary = "Create an organization",
            description =
                    "Creates an organization, the top of the tenancy tree (organization → project → environment). "
                            + "`slug` is unique. Needs the admin token (`KONGFLOW_ADMIN_TOKEN`); while none is configured the "
                            + "admin API answers 404.")
    public Uni<RestResponse<OrganizationView>> createOrganization(@Valid @NotNull CreateOrganization request) {
        return tenancy.createOrganization(request.slug(), request.title())
                .map(organization ->
                        RestResponse.status(RestResponse.Status.CREATED, OrganizationView.of(organization)));
    }

    @GET
    @Path("/organizations")
    @Operation(
            operationId = "listOrganizations",
            summary = "List organizations",
            description = "Every organization, by slug. Needs the admin token.")
    public Uni<List<OrganizationView>> organizations() {
        return tenancy.organizations()
                .map(all -> all.stream().map(OrganizationView::of).toList());
    }

    @POST
    @Path("/organizations/{organizationSlug}/projects")
    @Operation(
            operationId = "createProject",
            summary = "Create a project in an organization",
            description =
                    "Creates a project in the organization. Project slugs are unique across all organizations. Needs "
                            + "the admin token.")
    public Uni<RestResponse<ProjectView>> createProject(
            @Parameter(description = "The organization's slug") @PathParam("organizationSlug") String organizationSlug,
            @Valid @NotNull CreateProject request) {
        return tenancy.createProject(organizationSlug, request.slug(), request.name())
                .map(project -> RestResponse.status(RestResponse.Status.CREATED, ProjectView.of(project)));
    }

    @GET
    @Path("/organizations/{organizationSlug}/projects")
    @Operation(
            operationId = "listProjects",
            summary = "List the projects of an organization",
            description = "The organization's projects. Needs the admin token.")
    public Uni<List<ProjectView>> projects(
            @Parameter(description = "The organization's slug") @PathParam("organizationSlug")
                    String organizationSlug) {
        return tenancy.projects(organizationSlug)
                .map(all -> all.stream().map(ProjectView::of).toList());
    }

    @POST
    @Path("/projects/{projectSlug}/environments")
    @Operation(
            operationId = "createEnvironment",
            summary = "Create an environment; its API key is shown once",
            description =
                    "Creates an environment (`DEVELOPMENT`, `STAGING`, `PRODUCTION` or `PREVIEW`) and its secret API "
                            + "key (`tr_dev_…`, `tr_stg_…`, `tr_prod_…`, `tr_prev_…`). The key is in this answer only: the "
                            + "service stores its SHA-256 hash. The key may call every `/api/v1` operation of this "
                            + "environment.")
    public Uni<RestResponse<EnvironmentView>> createEnvironment(
            @Parameter(description = "The project's slug") @PathParam("projectSlug") String projectSlug,
            @Valid @NotNull CreateEnvironment request) {
        return tenancy.createEnvironment(projectSlug, request.slug(), request.type())
                .map(created -> RestResponse.status(
                        RestResponse.Status.CREATED, EnvironmentView.of(created.environment(), created.apiKey())));
    }

    @GET
    @Path("/projects/{projectSlug}/environments")
    @Operation(
            operationId = "listEnvironments",
            summary = "List the environments of a project (never their keys)",
            description =
                    "The project's environments, without their keys (only hashes are stored). Needs the admin token.")
    public Uni<List<EnvironmentView>> environments(
            @Parameter(description = "The project's slug") @PathParam("projectSlug") String projectSlug) {
        return tenancy.environments(projectSlug)
                .map(all -> all.stream()
                        .map(environment -> EnvironmentView.of(environment, null))
                        .toList());
    }

    @POST
    @Path("/environments/{environmentId}/rotate-key")
    @Consumes(MediaType.WILDCARD)
    @Operation(
            operationId = "rotateEnvironmentKey",
            summary = "Replace an environment's API key; the old key stops working",
            description =
                    "Mints a new key for the environment and answers it, once. The old key stops working at once on "
                            + "this replica and within `kongflow.auth.cache-ttl` (5 s) on the others; apps and SDK endpoints "
                            + "must be given the new key.")
    public Uni<ApiKeyView> rotateKey(
            @Parameter(description = "The environment's id") @PathParam("environmentId") UUID environmentId) {
        return tenancy.rotateKey(environmentId).invoke(keys::forgetAll).map(ApiKeyView::new);
    }

    @POST
    @Path("/environments/{environmentId}/keys")
    @Operation(
            operationId = "createApiKey",
            summary = "Create a named API key with scopes; its secret is shown once",
            description =
                    "Creates a named key of the environment limited to the given scopes: `read` (GET operations), "
                            + "`write` (register, index, run, change) and `delete`. An operation outside its scopes answers "
                            + "403. The secret is in this answer only; the key stops working after `expiresAt`, if given.")
    public Uni<RestResponse<NamedKey>> createKey(
            @Parameter(description = "The environment's id") @PathParam("environmentId") UUID environmentId,
            @Valid @NotNull CreateKey request) {
        if (request.expiresAt() != null && !request.expiresAt().isAfter(Instant.now())) {
            throw new InvalidInput("expiresAt", "must be in the future");
        }
        return namedKeys
                .create(environmentId, request.name(), request.scopes(), request.expiresAt())
                .map(key -> RestResponse.status(RestResponse.Status.CREATED, key));
    }

    @GET
    @Path("/environments/{environmentId}/keys")
    @Operation(
            operationId = "listApiKeys",
            summary = "List an environment's named API keys (never their secrets)",
            description = "The environment's named keys with their scopes, expiry and last use (written at most once a "
                    + "minute), never their secrets.")
    public Uni<List<NamedKey>> keys(
            @Parameter(description = "The environment's id") @PathParam("environmentId") UUID environmentId) {
        return namedKeys.list(environmentId);
    }

    @DELETE
    @Path("/environments/{environmentId}/keys/{keyId}")
    @Operation(
            operationId = "revokeApiKey",
            summary = "Revoke a named API key at once",
            description = "Deletes a named key; it stops working at once on this replica and within "
                    + "`kongflow.auth.cache-ttl` on the others.")
    public Uni<RestResponse<Void>> revokeKey(
            @Parameter(description = "The environment's id") @PathParam("environmentId") UUID environmentId,
            @Parameter(description = "The named key's id") @PathParam("keyId") UUID keyId) {
        return namedKeys.revoke(environmentId, keyId).invoke(keys::forgetAll).map(done -> RestResponse.noContent());
    }
}
