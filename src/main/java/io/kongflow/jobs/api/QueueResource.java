package io.kongflow.jobs.api;

import io.kongflow.jobs.api.QueueViews.ChangeQueue;
import io.kongflow.jobs.api.QueueViews.CreateQueue;
import io.kongflow.jobs.api.QueueViews.QueueView;
import io.kongflow.jobs.queues.QueueService;
import io.kongflow.jobs.tenancy.CurrentCaller;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
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
import org.jboss.resteasy.reactive.RestResponse;

/** The caller's queues and their concurrency limits. */
@Path("/api/v1/queues")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Queues", description = "Queues bound how many runs of their jobs execute at once")
@SecurityRequirement(name = "bearerAuth")
public class QueueResource {

    private final QueueService queues;
    private final CurrentCaller caller;

    public QueueResource(QueueService queues, CurrentCaller caller) {
        this.queues = queues;
        this.caller = caller;
    }

    @GET
    @SecurityRequirement(name = "bearerAuth", scopes = "read")
    @Operation(
            operationId = "listQueues",
            summary = "List the environment's queues, or find one by name",
            description = "The queues of the caller's environment with their limit (`maxJobs`) and the runs holding a "
                    + "place (`jobCount`). With `name`, at most the one queue of that name.")
    public Uni<List<QueueView>> list(@QueryParam("name") String name) {
        return queues.list(caller.get(), name)
                .map(all -> all.stream().map(QueueView::of).toList());
    }

    @GET
    @Path("/{id}")
    @SecurityRequirement(name = "bearerAuth", scopes = "read")
    @Operation(
            operationId = "getQueue",
            summary = "Get a queue",
            description = "One queue of the caller's environment.")
    public Uni<QueueView> get(@Parameter(description = ApiParameters.QUEUE_ID) @PathParam("id") UUID id) {
        return queues.get(caller.get(), id).map(QueueView::of);
    }

    @POST
    @SecurityRequirement(name = "bearerAuth", scopes = "write")
    @Operation(
            operationId = "createQueue",
            summary = "Create a queue; 409 when the name is taken",
            description =
                    "Creates a queue with a concurrency limit (1 to 100 000). The name is unique in the environment "
                            + "(409 when taken). Jobs name their queue in code (`queue`, `concurrencyLimit`).")
    public Uni<RestResponse<QueueView>> create(@Valid @NotNull CreateQueue request) {
        return queues.create(caller.get(), request.name(), request.maxJobs())
                .map(queue -> RestResponse.status(RestResponse.Status.CREATED, QueueView.of(queue)));
    }

    @PATCH
    @Path("/{id}")
    @SecurityRequirement(name = "bearerAuth", scopes = "write")
    @Operation(
            operationId = "updateQueue",
            summary = "Change a queue's concurrency limit",
            description =
                    "Changes the queue's concurrency limit (1 to 100 000). Lowering it below `jobCount` stops new "
                            + "starts; running runs go on. The job code stays the source of truth: the next registration of a "
                            + "job naming this queue sets its limit again.")
    public Uni<QueueView> update(
            @Parameter(description = ApiParameters.QUEUE_ID) @PathParam("id") UUID id,
            @Valid @NotNull ChangeQueue request) {
        return queues.changeLimit(caller.get(), id, request.maxJobs()).map(QueueView::of);
    }
}
