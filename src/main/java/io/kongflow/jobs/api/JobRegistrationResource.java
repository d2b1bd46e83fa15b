package io.kongflow.jobs.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.kongflow.jobs.indexing.PushedJobList;
import io.kongflow.jobs.registration.RegisterJob;
import io.kongflow.jobs.registration.RegistrationResult;
import io.kongflow.jobs.registration.SyncReport;
import io.kongflow.jobs.tenancy.CurrentCaller;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

/** Push registration: an endpoint's jobs, one at a time or the whole list. */
@Path("/api/v1/endpoints/{slug}/jobs")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Registration", description = "Register jobs (trigger.dev v2 JobMetadata)")
@SecurityRequirement(name = "bearerAuth")
public class JobRegistrationResource {

    private final RegisterJob registerJob;
    private final PushedJobList pushedList;
    private final CurrentCaller caller;

    public JobRegistrationResource(RegisterJob registerJob, PushedJobList pushedList, CurrentCaller caller) {
        this.registerJob = registerJob;
        this.pushedList = pushedList;
        this.caller = caller;
    }

    @POST
    @SecurityRequirement(name = "bearerAuth", scopes = "write")
    @Operation(
            operationId = "registerJob",
            summary = "Register one job; 201 when the job or version is new",
            description =
                    "Registers one trigger.dev v2 `JobMetadata` (one job of what the SDK answers to INDEX_ENDPOINT) "
                            + "as served by this endpoint, in one transaction: the job, its queue, the version with its "
                            + "examples and integrations, the `latest` alias (moved only to a version higher than every other "
                            + "one, in semantic-version order) and the event dispatcher or schedule of the version `latest` "
                            + "names. Answers 201 when the job or the version is new, 200 otherwise; the same metadata again "
                            + "answers `outcome: unchanged`, `modified: false` and writes nothing. Invalid metadata answers "
                            + "400 listing every offending path, and nothing is written. `enabled: false` registers the "
                            + "version DISABLED.")
    public Uni<RestResponse<RegistrationResult>> register(
            @Parameter(description = ApiParameters.ENDPOINT_SLUG) @PathParam("slug") String slug,
            @RequestBody(
                            description = "A trigger.dev v2 JobMetadata",
                            content =
                                    @Content(
                                            mediaType = MediaType.APPLICATION_JSON,
                                            schema = @Schema(ref = "JobMetadata"),
                                            examples = {
                                                @ExampleObject(name = "event job", value = ApiExamples.EVENT_JOB),
                                                @ExampleObject(
                                                        name = "integrations",
                                                        value = ApiExamples.INTEGRATIONS_JOB)
                                            }))
                    JsonNode body) {
        return registerJob
                .register(caller.get(), slug, body)
                .map(result -> RestResponse.status(
                        result.outcome() == RegistrationResult.Outcome.CREATED
                                ? RestResponse.Status.CREATED
                                : RestResponse.Status.OK,
                        result));
    }

    @PUT
    @SecurityRequirement(name = "bearerAuth", scopes = "write")
    @Operation(
            operationId = "syncEndpointJobs",
            summary = "Sync the endpoint's whole job list: register, disable, disable the missing",
            description =
                    "Makes the endpoint's job list exactly `jobs`, as an index would: each job is registered in its "
                            + "own transaction (or disabled, for `enabled: false`), then this endpoint's jobs missing from the "
                            + "list are disabled. One invalid job fails alone. `dynamicSchedules` (optional, as the endpoint's "
                            + "INDEX_ENDPOINT answer has it) records the endpoint's dynamic schedules and the jobs each one "
                            + "runs, the ids `io.registerInterval`/`registerCron` name; an invalid entry answers 400 and "
                            + "nothing is written. The answer reports each job (`outcome`: a "
                            + "registration outcome, `disabled` or `failed`, with its errors) and the totals.")
    public Uni<SyncReport> sync(
            @Parameter(description = ApiParameters.ENDPOINT_SLUG) @PathParam("slug") String slug,
            @RequestBody(
                            description = "{\"jobs\": [JobMetadata, ...], \"dynamicSchedules\": [...]}",
                            content =
                                    @Content(
                                            mediaType = MediaType.APPLICATION_JSON,
                                            schema = @Schema(ref = "JobMetadataList"),
                                            examples = @ExampleObject(name = "one job", value = ApiExamples.SYNC)))
                    JsonNode body) {
        return pushedList.sync(caller.get(), slug, body);
    }
}
