package io.kongflow.jobs.api;

import io.kongflow.jobs.problem.InvalidInput;
import io.kongflow.jobs.runs.CancelRuns;
import io.kongflow.jobs.runs.CreateRuns;
import io.kongflow.jobs.runs.RunCatalog;
import io.kongflow.jobs.runs.RunViews;
import io.kongflow.jobs.runs.RunViews.CancelResult;
import io.kongflow.jobs.runs.RunViews.InvokeRequest;
import io.kongflow.jobs.runs.RunViews.RunDetail;
import io.kongflow.jobs.runs.RunViews.RunPage;
import io.kongflow.jobs.runs.RunViews.TestRequest;
import io.kongflow.jobs.tenancy.CurrentCaller;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

/** Test runs, invocations and the runs of a job, in the caller's environment. */
@Path("/api/v1/jobs/{slug}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Runs", description = "Test runs, invocations and runs")
@SecurityRequirement(name = "bearerAuth")
public class JobRunResource {

    /** Marks the answer to an invocation repeated with a known idempotency key. */
    static final String REPLAYED = "Idempotent-Replayed";

    private final CreateRuns createRuns;
    private final RunCatalog runs;
    private final CancelRuns cancelRuns;
    private final CurrentCaller caller;

    public JobRunResource(CreateRuns createRuns, RunCatalog runs, CancelRuns cancelRuns, CurrentCaller caller) {
        this.createRuns = createRuns;
        this.runs = runs;
        this.cancelRuns = cancelRuns;
        this.caller = caller;
    }

    @POST
    @Path("/test")
    @SecurityRequirement(name = "bearerAuth", scopes = "write")
    @Operation(
            operationId = "testJob",
            summary = "Run a version with a test event (default: the latest version)",
            description =
                    "Creates, in one transaction, a test event for the version (`version`, default the one `latest` "
                            + "names) and a QUEUED run of it, numbered after the job's previous runs. The event goes to this "
                            + "run only. A disabled version, an endpoint without url, or runs disabled for the organization "
                            + "answer 409 and write nothing.")
    public Uni<RestResponse<RunDetail>> test(
            @Parameter(description = ApiParameters.JOB_SLUG) @PathParam("slug") String slug,
            @Valid TestRequest request) {
        return createRuns
                .test(caller.get(), slug, request)
                .map(run -> RestResponse.status(RestResponse.Status.CREATED, run));
    }

    @POST
    @Path("/invoke")
    @SecurityRequirement(name = "bearerAuth", scopes = "write")
    @Operation(
            operationId = "invokeJob",
            summary = "Invoke the latest version; an idempotency-key repeat answers the same run",
            description = "Creates an event named `invoke` and a QUEUED run of the version `latest` names. With an "
                    + "`idempotency-key` header, the key is the event id: a repeat with the same key answers the run "
                    + "the first call created and writes nothing, also when both calls race; such a repeat carries "
                    + "`Idempotent-Replayed: true`. Always 200, as trigger.dev v2 answers (its SDK's `invokeJob` "
                    + "accepts nothing else). "
                    + "`options.callbackUrl` subscribes a URL to the run. An unknown job, or one with no latest "
                    + "version here, answers 404; a disabled version 409.")
    public Uni<RestResponse<RunDetail>> invoke(
            @Parameter(description = ApiParameters.JOB_SLUG) @PathParam("slug") String slug,
            @Parameter(description = ApiParameters.IDEMPOTENCY_KEY)
                    @HeaderParam("idempotency-key")
                    @Size(min = 1, max = 200) String idempotencyKey,
            @Valid InvokeRequest request,
            HttpHeaders headers) {
        if (idempotencyKey == null && headers.getHeaderString("idempotency-key") != null) {
            // Quarkus REST reads an empty header as none: each retry would silently start another run.
            throw new InvalidInput("idempotency-key", "must be 1 to 200 characters");
        }
        return createRuns
                .invoke(caller.get(), slug, idempotencyKey, request)
                .map(created -> created.isNew()
                        ? RestResponse.ok(created.run())
                        : RestResponse.ResponseBuilder.ok(created.run())
                                .header(REPLAYED, "true")
                                .build());
    }

    @GET
    @Path("/runs")
    @SecurityRequirement(name = "bearerAuth", scopes = "read")
    @Operation(
            operationId = "listJobRuns",
            summary = "List a job's runs, newest first",
            description =
                    "The job's runs in the caller's environment, newest first (trigger.dev v2 shape). Pages: pass "
                            + "`nextCursor` as `cursor`.")
    public Uni<RunPage> runs(
            @Parameter(description = ApiParameters.JOB_SLUG) @PathParam("slug") String slug,
            @Parameter(description = ApiParameters.CURSOR) @QueryParam("cursor") String cursor,
            @Parameter(description = ApiParameters.TAKE)
                    @QueryParam("take")
                    @DefaultValue("20")
                    @Min(1) @Max(RunViews.MAX_TAKE) int take) {
        return runs.page(caller.get(), slug, cursor, take);
    }

    @POST
    @Path("/cancel-runs")
    @Consumes(MediaType.WILDCARD)
    @SecurityRequirement(name = "bearerAuth", scopes = "delete")
    @Operation(
            operationId = "cancelJobRuns",
            summary = "Cancel the job's unfinished runs in the caller's environment",
            description =
                    "Cancels the job's runs in the caller's environment that have not finished; started runs give "
                            + "back their queue place. Answers the ids cancelled and those that could not be.")
    public Uni<CancelResult> cancel(@Parameter(description = ApiParameters.JOB_SLUG) @PathParam("slug") String slug) {
        return cancelRuns.cancel(caller.get(), slug);
    }
}
