package io.kongflow.jobs.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kongflow.jobs.catalog.AliasCatalog;
import io.kongflow.jobs.catalog.CatalogViews.JobDetail;
import io.kongflow.jobs.catalog.CatalogViews.JobView;
import io.kongflow.jobs.catalog.JobCatalog;
import io.kongflow.jobs.catalog.JobCatalog.JobFilter;
import io.kongflow.jobs.catalog.VersionCatalog;
import io.kongflow.jobs.console.ConsoleViews.AliasLine;
import io.kongflow.jobs.console.ConsoleViews.EnvironmentLine;
import io.kongflow.jobs.console.ConsoleViews.ExampleLine;
import io.kongflow.jobs.console.ConsoleViews.JobLine;
import io.kongflow.jobs.console.ConsoleViews.JobsView;
import io.kongflow.jobs.console.ConsoleViews.TestView;
import io.kongflow.jobs.console.ConsoleViews.VersionLine;
import io.kongflow.jobs.console.JobOverviews.JobOverview;
import io.kongflow.jobs.problem.ApiException;
import io.kongflow.jobs.problem.InvalidInput;
import io.kongflow.jobs.registration.RegistrationResult.VersionView;
import io.kongflow.jobs.runs.CancelRuns;
import io.kongflow.jobs.runs.CreateRuns;
import io.kongflow.jobs.runs.RunViews.TestRequest;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The jobs list, a job's page (versions, aliases, examples, runs), its test page, and bulk cancel of its runs. */
@Path("/console/jobs")
@Produces(MediaType.TEXT_HTML)
public class JobsResource {

    static final int PAGE_SIZE = 25;
    static final int JOB_RUNS = 10;
    static final int VERSIONS = 20;

    private final JobCatalog jobs;
    private final VersionCatalog versions;
    private final AliasCatalog aliases;
    private final JobOverviews overviews;
    private final RunListReads runList;
    private final CancelRuns cancelRuns;
    private final CreateRuns createRuns;
    private final CurrentSession current;
    private final ObjectMapper json;

    JobsResource(
            JobCatalog jobs,
            VersionCatalog versions,
            AliasCatalog aliases,
            JobOverviews overviews,
            RunListReads runList,
            CancelRuns cancelRuns,
            CreateRuns createRuns,
            CurrentSession current,
            ObjectMapper json) {
        this.jobs = jobs;
        this.versions = versions;
        this.aliases = aliases;
        this.overviews = overviews;
        this.runList = runList;
        this.cancelRuns = cancelRuns;
        this.createRuns = createRuns;
        this.current = current;
        this.json = json;
    }

    @GET
    public Uni<String> list(@RestQuery String q, @RestQuery String cursor) {
        ConsoleSession session = current.get();
        return jobs.list(session.caller(), new JobFilter(q, null, false, true), cursor, PAGE_SIZE)
                .chain(page -> overviews
                        .jobs(
                                session.caller(),
                                page.data().stream().map(JobView::id).toList())
                        .map(byJob -> new JobsView(
                                page.data().stream()
                                        .map(job -> line(job, byJob.get(job.id())))
                                        .toList(),
                                page.nextCursor(),
                                q == null ? "" : q,
                                q == null ? "" : URLEncoder.encode(q, StandardCharsets.UTF_8))))
                .map(page -> Templates.jobs(session, page).render());
    }

    @GET
    @Path("/{slug}")
    public Uni<String> job(@RestPath String slug) {
        ConsoleSession session = current.get();
        return jobs.get(session.caller(), slug)
                .chain(job -> overviews
                        .jobs(session.caller(), List.of(job.id()))
                        .chain(overview -> versions.list(session.caller(), slug, null, VERSIONS)
                                .chain(versionPage -> aliases.list(session.caller(), slug)
                                        .chain(aliasList -> runList.runs(
                                                        session.caller(),
                                                        new RunFilter(null, slug, null, null, null, null, null),
                                                        null,
                                                        JOB_RUNS)
                                                .map(runs -> new ConsoleViews.JobView(
                                                        job.slug(),
                                                        job.title(),
                                                        trigger(overview.get(job.id())),
                                                        nextFire(overview.get(job.id())),
                                                        environments(job),
                                                        versionPage.data().stream()
                                                                .map(JobsResource::version)
                                                                .toList(),
                                                        aliasList.stream()
                                                                .map(alias -> new AliasLine(
                                                                        alias.name(),
                                                                        alias.version(),
                                                                        Display.time(alias.updatedAt())))
                                                                .toList(),
                                                        examples(job.latestVersion()),
                                                        runs.runs().stream()
                                                                .map(RunPages::line)
                                                                .toList(),
                                                        runs.nextCursor()))))))
                .map(page -> Templates.job(session, page).render());
    }

    @GET
    @Path("/{slug}/test")
    public Uni<String> testPage(@RestPath String slug) {
        ConsoleSession session = current.get();
        return jobs.get(session.caller(), slug)
                .map(job -> Templates.test(session, testView(job, "{}", null)).render());
    }

    /** Starts a test run with the payload of the form's JSON editor, then opens it. */
    @POST
    @Path("/{slug}/test")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> test(
            @RestPath String slug, @RestForm String csrf, @RestForm String payload, @RestForm String version) {
        ConsoleSession session = current.acting(csrf);
        JsonNode parsed;
        try {
            parsed = payload == null || payload.isBlank() ? null : json.readTree(payload);
        } catch (JsonProcessingException e) {
            return jobs.get(session.caller(), slug)
                    .map(job -> Response.status(Response.Status.BAD_REQUEST)
                            .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                            .entity(Templates.test(
                                            session,
                                            testView(
                                                    job,
                                                    payload,
                                                    "The payload is not valid JSON: fix it and start again."))
                                    .render())
                            .build());
        }
        return createRuns
                .test(
                        session.caller(),
                        slug,
                        new TestRequest(version == null || version.isBlank() ? null : version, parsed, null, null))
                .map(run -> Response.seeOther(URI.create("/console/runs/" + run.id()))
                        .build());
    }

    /** Cancels every unfinished run of the job in the session's environment, then lists them. */
    @POST
    @Path("/{slug}/cancel-runs")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> cancelRuns(@RestPath String slug, @RestForm String csrf) {
        ConsoleSession session = current.acting(csrf);
        return cancelRuns
                .cancel(session.caller(), slug)
                .map(result -> Response.seeOther(URI.create(
                                "/console/runs?status=CANCELED&job=" + URLEncoder.encode(slug, StandardCharsets.UTF_8)))
                        .build());
    }

    @ServerExceptionMapper
    public Response failed(ApiException failure) {
        return ErrorPages.page(failure, current);
    }

    private TestView testView(JobDetail job, String payload, String error) {
        VersionView latest = job.latestVersion();
        if (latest == null) {
            throw new InvalidInput("job", "has no version in this environment: nothing to test");
        }
        return new TestView(job.slug(), job.title(), latest.version(), examples(latest), payload, error);
    }

    private List<ExampleLine> examples(VersionView version) {
        if (version == null || version.examples() == null) {
            return List.of();
        }
        return version.examples().stream()
                .map(example -> new ExampleLine(
                        example.id(),
                        example.name(),
                        example.icon() == null ? "" : example.icon(),
                        Display.json(json, example.payload() == null ? json.createObjectNode() : example.payload())))
                .toList();
    }

    private JobLine line(JobView job, JobOverview overview) {
        VersionView latest = job.latestVersion();
        return new JobLine(
                job.slug(),
                job.title(),
                trigger(overview),
                latest == null ? "" : latest.version(),
                latest == null ? "" : latest.status().name(),
                overview == null || overview.limit() == null
                        ? ""
                        : overview.running() + " / " + overview.limit() + " (" + overview.queueName() + ")",
                nextFire(overview),
                overview == null || overview.lastRunId() == null
                        ? ""
                        : overview.lastRunId().toString(),
                overview == null || overview.lastRunId() == null
                        ? ""
                        : "#" + overview.lastRunNumber() + " " + Display.time(overview.lastRunAt()),
                overview == null || overview.lastRunStatus() == null ? "" : overview.lastRunStatus(),
                overview == null || overview.lastRunStatus() == null
                        ? ""
                        : Display.statusClass(overview.lastRunStatus()));
    }

    private String trigger(JobOverview overview) {
        return overview == null ? "" : Display.trigger(json, overview.trigger());
    }

    private static String nextFire(JobOverview overview) {
        return overview == null ? "" : Display.time(overview.nextEventAt());
    }

    private static List<EnvironmentLine> environments(JobDetail job) {
        return job.environments().stream()
                .map(environment -> new EnvironmentLine(
                        environment.environment(),
                        environment.type().name(),
                        environment.latestVersion() == null ? "" : environment.latestVersion(),
                        environment.status() == null ? "" : environment.status().name()))
                .toList();
    }

    private static VersionLine version(VersionView version) {
        return new VersionLine(
                version.version(),
                version.status().name(),
                version.queue() == null ? "" : version.queue().name(),
                version.examples() == null ? 0 : version.examples().size());
    }
}
