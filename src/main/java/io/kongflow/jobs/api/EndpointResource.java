package io.kongflow.jobs.api;

import io.kongflow.jobs.api.EndpointViews.CreateEndpoint;
import io.kongflow.jobs.api.EndpointViews.EndpointView;
import io.kongflow.jobs.api.EndpointViews.IndexRequest;
import io.kongflow.jobs.endpoints.EndpointService;
import io.kongflow.jobs.indexing.IndexEndpoint;
import io.kongflow.jobs.indexing.IndexView;
import io.kongflow.jobs.tenancy.CurrentCaller;
import io.kongflow.jobs.tenancy.NoApiKey;
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
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirements;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

/** The caller's SDK endpoints, their indexing, and their deploy hooks. */
@Path("/api/v1/endpoints")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Endpoints", description = "SDK endpoints that serve jobs")
@SecurityRequirement(name = "bearerAuth")
public class EndpointResource {

    private final EndpointService endpoints;
    private final IndexEndpoint indexing;
    private final CurrentCaller caller;

    public EndpointResource(EndpointService endpoints, IndexEndpoint indexing, CurrentCaller caller) {
        this.endpoints = endpoints;
        this.indexing = indexing;
        this.caller = caller;
    }

    @POST
    @SecurityRequirement(name = "bearerAuth", scopes = "write")
    @Operation(
            operationId = "createEndpoint",
            summary = "Register the endpoint with this id: PING it, save it, and queue an index of its jobs",
            description =
                    "What the trigger.dev v2 CLI sends to register an app's endpoint. The service first PINGs `url` "
                            + "(POST with `x-trigger-action: PING`, the environment key in `x-trigger-api-key` and `id` in "
                            + "`x-trigger-endpoint-id`) and expects `{\"ok\": true}`; an unreachable endpoint or `{\"ok\": "
                            + "false, \"error\"}` answers 400 with that error and saves nothing; so does a url the outbound "
                            + "policy refuses (a 400 naming the rule, before any connection). Then it saves the endpoint "
                            + "(registering the same `id` again changes its url) and queues an index, answered as "
                            + "`endpointIndex` (PENDING); a background worker runs it within about a second.")
    public Uni<EndpointView> create(@Valid @NotNull CreateEndpoint request) {
        return endpoints
                .register(caller.get(), request.endpointId(), request.url())
                .map(registered -> EndpointView.of(registered.endpoint(), IndexView.of(registered.index())));
    }

    @GET
    @SecurityRequirement(name = "bearerAuth", scopes = "read")
    @Operation(
            operationId = "listEndpoints",
            summary = "List the endpoints of the caller's environment",
            description = "The endpoints of the caller's environment, including deleted ones (their `url` is null).")
    public Uni<List<EndpointView>> list() {
        return endpoints
                .list(caller.get())
                .map(all -> all.stream().map(EndpointView::of).toList());
    }

    @GET
    @Path("/{slug}")
    @SecurityRequirement(name = "bearerAuth", scopes = "read")
    @Operation(
            operationId = "getEndpoint",
            summary = "Get an endpoint by its id",
            description =
                    "One endpoint by the id it was registered with, with `indexingHookIdentifier` (for the deploy "
                            + "hook) and, once indexed, the `version` and `sdkVersion` its SDK reported.")
    public Uni<EndpointView> get(@Parameter(description = ApiParameters.ENDPOINT_SLUG) @PathParam("slug") String slug) {
        return endpoints.get(caller.get(), slug).map(EndpointView::of);
    }

    @DELETE
    @Path("/{slug}")
    @SecurityRequirement(name = "bearerAuth", scopes = "delete")
    @Operation(
            operationId = "deleteEndpoint",
            summary = "Delete an endpoint: its url is cleared, its jobs stay",
            description =
                    "Clears the endpoint's url: it is no longer called, and test runs or invocations of versions it "
                            + "serves answer 409. Its jobs and versions stay; registering the endpoint again restores it.")
    public Uni<EndpointView> delete(
            @Parameter(description = ApiParameters.ENDPOINT_SLUG) @PathParam("slug") String slug) {
        return endpoints.delete(caller.get(), slug).map(EndpointView::of);
    }

    @POST
    @Path("/{slug}/index")
    @Consumes(MediaType.APPLICATION_JSON)
    @SecurityRequirement(name = "bearerAuth", scopes = "write")
    @Operation(
            operationId = "indexEndpoint",
            summary = "Index the endpoint now and answer the finished index",
            description =
                    "Calls the endpoint with `x-trigger-action: INDEX_ENDPOINT` now and answers the finished index. "
                            + "Every job it serves is registered (or disabled, for `enabled: false`); jobs whose latest "
                            + "version came from this endpoint and that it no longer serves are disabled. One invalid job "
                            + "fails alone: it is counted in `stats.failedJobs` and described in `error`. An endpoint that "
                            + "cannot be reached or refuses the key gives a FAILURE index, and nothing is disabled.")
    public Uni<IndexView> index(
            @Parameter(description = ApiParameters.ENDPOINT_SLUG) @PathParam("slug") String slug,
            @Valid IndexRequest request) {
        return indexing.now(
                        caller.get(),
                        slug,
                        request == null ? null : request.reason(),
                        request == null ? null : request.data())
                .map(IndexView::of);
    }

    @GET
    @Path("/{environmentId}/{slug}/index/{hookIdentifier}")
    @NoApiKey
    @SecurityRequirements
    @Operation(
            operationId = "deployHookGet",
            summary = "Deploy hook: queue an index of the endpoint (no API key)",
            description =
                    "For deploy pipelines: queues an index of the endpoint (source HOOK) and answers it, PENDING, "
                            + "with 202. Needs no API key: the path names the environment id and the endpoint's secret "
                            + "`indexingHookIdentifier`; any other combination answers 404.")
    public Uni<RestResponse<IndexView>> hookGet(
            @Parameter(description = ApiParameters.HOOK_ENVIRONMENT) @PathParam("environmentId") String environmentId,
            @Parameter(description = ApiParameters.ENDPOINT_SLUG) @PathParam("slug") String slug,
            @Parameter(description = ApiParameters.HOOK_IDENTIFIER) @PathParam("hookIdentifier")
                    String hookIdentifier) {
        return hook(environmentId, slug, hookIdentifier);
    }

    @POST
    @Path("/{environmentId}/{slug}/index/{hookIdentifier}")
    @NoApiKey
    @SecurityRequirements
    @Consumes(MediaType.WILDCARD)
    @Operation(
            operationId = "deployHookPost",
            summary = "Deploy hook: queue an index of the endpoint (no API key)",
            description =
                    "For deploy pipelines: queues an index of the endpoint (source HOOK) and answers it, PENDING, "
                            + "with 202. Needs no API key: the path names the environment id and the endpoint's secret "
                            + "`indexingHookIdentifier`; any other combination answers 404. The body, if any, is ignored.")
    public Uni<RestResponse<IndexView>> hookPost(
            @Parameter(description = ApiParameters.HOOK_ENVIRONMENT) @PathParam("environmentId") String environmentId,
            @Parameter(description = ApiParameters.ENDPOINT_SLUG) @PathParam("slug") String slug,
            @Parameter(description = ApiParameters.HOOK_IDENTIFIER) @PathParam("hookIdentifier")
                    String hookIdentifier) {
        return hook(environmentId, slug, hookIdentifier);
    }

    private Uni<RestResponse<IndexView>> hook(String environmentId, String slug, String hookIdentifier) {
        return indexing.hook(environmentId, slug, hookIdentifier)
                .map(index -> RestResponse.status(RestResponse.Status.ACCEPTED, IndexView.of(index)));
    }
}
