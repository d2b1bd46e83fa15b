package io.kongflow.jobs.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kongflow.jobs.console.ConsoleViews.RunsView;
import io.kongflow.jobs.execution.RunStateService;
import io.kongflow.jobs.persistence.RunStatus;
import io.kongflow.jobs.problem.ApiException;
import io.kongflow.jobs.problem.NotFound;
import io.kongflow.jobs.runs.CreateRuns;
import io.kongflow.jobs.runs.RunViews.TestRequest;
import io.kongflow.jobs.tracing.TraceSettings;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The runs list (its filters in the URL, keyset pages), a run's page, their live updates, and the
 * actions on a run: cancel, and run again (a test run of the same version with the same payload).
 */
@Path("/console/runs")
@Produces(MediaType.TEXT_HTML)
public class RunsResource {

    static final int PAGE_SIZE = 25;
    static final List<String> STATUSES =
            Arrays.stream(RunStatus.values()).map(Enum::name).toList();

    private final RunListReads runList;
    private final RunPageReads runPages;
    private final CurrentSession current;
    private final RunStateService runStates;
    private final CreateRuns createRuns;
    private final LiveUpdates live;
    private final ObjectMapper json;
    private final TraceSettings traces;

    RunsResource(
            RunListReads runList,
            RunPageReads runPages,
            CurrentSession current,
            RunStateService runStates,
            CreateRuns createRuns,
            LiveUpdates live,
            ObjectMapper json,
            TraceSettings traces) {
        this.traces = traces;
        this.runList = runList;
        this.runPages = runPages;
        this.current = current;
        this.runStates = runStates;
        this.createRuns = createRuns;
        this.live = live;
        this.json = json;
    }

    @GET
    public Uni<String> list(
            @RestQuery String status,
            @RestQuery String job,
            @RestQuery String test,
            @RestQuery String from,
            @RestQuery String to,
            @RestQuery String run,
            @RestQuery String event,
            @RestQuery String cursor,
            @RestQuery String part) {
        ConsoleSession session = current.get();
        RunFilter filter = new RunFilter(status, job, test, from, to, run, event);
        return runList.runs(session.caller(), filter, cursor, PAGE_SIZE).map(rows -> {
            RunsView page = new RunsView(
                    filter,
                    rows.runs().stream().map(RunPages::line).toList(),
                    rows.nextCursor(),
                    STATUSES,
                    cursor != null && !cursor.isEmpty());
            return "rows".equals(part)
                    ? Templates.runs$rows(session, page).render()
                    : Templates.runs(session, page).render();
        });
    }

    @GET
    @Path("/{id}")
    public Uni<String> run(@RestPath String id, @RestQuery String part) {
        ConsoleSession session = current.get();
        UUID runId = runId(id);
        return runPages.run(session.caller(), runId)
                .chain(run -> runPages.tasks(runId).map(tasks -> RunPages.page(run, tasks, json, traces::link)))
                .map(page -> "body".equals(part)
                        ? Templates.run$body(session, page).render()
                        : Templates.run(session, page).render());
    }

    /** Server-sent events for the runs list: {@code changed} when a run of the environment is created or changes status. */
    @GET
    @Path("/live")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public Multi<OutboundSseEvent> listUpdates(Sse sse) {
        return stream(sse, current.get().caller().environmentId(), null);
    }

    /** Server-sent events for one run: {@code changed} when it or one of its tasks changes status. */
    @GET
    @Path("/{id}/live")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Blocking // one read, on a worker thread, to refuse another tenant's run with a 404 before the stream starts
    public Multi<OutboundSseEvent> runUpdates(@RestPath String id, Sse sse) {
        ConsoleSession session = current.get();
        RunPageReads.RunRecord run =
                runPages.run(session.caller(), runId(id)).await().atMost(Duration.ofSeconds(10));
        return stream(sse, session.caller().environmentId(), run.id());
    }

    @POST
    @Path("/{id}/cancel")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> cancel(@RestPath String id, @RestForm String csrf) {
        ConsoleSession session = current.acting(csrf);
        UUID runId = runId(id);
        return runStates.cancel(session.caller(), runId).map(state -> backTo(runId));
    }

    /**
     * Runs the same job again with the same payload: a test run of the same version (an invocation
     * would take whatever version {@code latest} names now, and a replayed event id would be refused).
     */
    @POST
    @Path("/{id}/rerun")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> rerun(@RestPath String id, @RestForm String csrf) {
        ConsoleSession session = current.acting(csrf);
        return runPages.run(session.caller(), runId(id))
                .chain(run -> createRuns.test(
                        session.caller(),
                        run.jobSlug(),
                        new TestRequest(run.version(), Display.parse(json, run.payload()), null, null)))
                .map(created -> backTo(created.id()));
    }

    @ServerExceptionMapper
    public Response failed(ApiException failure) {
        return ErrorPages.page(failure, current);
    }

    private Multi<OutboundSseEvent> stream(Sse sse, UUID environmentId, UUID runId) {
        Multi<String> events = live.watch(environmentId, runId);
        if (events == null) {
            throw new TooManyLiveConnections();
        }
        return events.map(name -> sse.newEventBuilder().name(name).data(name).build());
    }

    static UUID runId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new NotFound("Run");
        }
    }

    private static Response backTo(UUID runId) {
        return Response.seeOther(URI.create("/console/runs/" + runId)).build();
    }
}
