package io.kongflow.jobs.console;

import io.quarkus.qute.TemplateData;
import java.util.List;

/**
 * What the console's templates show: every value already a string made for display (times in UTC,
 * JSON pretty-printed), so templates hold no logic and Qute escapes each value as it writes it.
 */
public final class ConsoleViews {

    private ConsoleViews() {}

    @TemplateData
    public record RunsView(
            RunFilter filter, List<RunLine> runs, String nextCursor, List<String> statuses, boolean older) {}

    @TemplateData
    public record RunLine(
            String id,
            int number,
            String status,
            String statusClass,
            boolean test,
            String job,
            String version,
            String created,
            String started,
            String duration,
            int executions) {}

    @TemplateData
    public record RunView(
            String id,
            int number,
            String status,
            String statusClass,
            boolean finished,
            String job,
            String jobTitle,
            String version,
            String environment,
            boolean test,
            String startedBy,
            String eventName,
            String eventId,
            String eventSource,
            String payload,
            String context,
            String created,
            String started,
            String completed,
            String duration,
            int executionCount,
            String executionTime,
            String continuesAt,
            String output,
            boolean failed,
            long taskCount,
            boolean tasksCut,
            List<TaskLine> tasks,
            Timeline timeline,
            String traceId,
            String traceUrl) {}

    /** A task of the tree, flattened depth first; {@code depth} indents it under its parent. */
    @TemplateData
    public record TaskLine(
            String id,
            int depth,
            String name,
            String displayKey,
            String icon,
            String status,
            String statusClass,
            boolean log,
            String logLevel,
            String description,
            String params,
            String output,
            String error,
            List<AttemptLine> attempts,
            String started,
            String duration,
            String continuesAt) {}

    @TemplateData
    public record AttemptLine(int number, String status, String error) {}

    /** The waterfall: one bar a row, positions in percent of the run's span. */
    @TemplateData
    public record Timeline(List<TimelineBar> bars, int height, String span) {}

    @TemplateData
    public record TimelineBar(String label, String kind, String x, String width, int y, int textY, String title) {}

    @TemplateData
    public record JobsView(List<JobLine> jobs, String nextCursor, String query, String encodedQuery) {}

    @TemplateData
    public record JobLine(
            String slug,
            String title,
            String trigger,
            String version,
            String versionStatus,
            String queueUsage,
            String nextFire,
            String lastRunId,
            String lastRun,
            String lastRunStatus,
            String lastRunClass) {}

    @TemplateData
    public record JobView(
            String slug,
            String title,
            String trigger,
            String nextFire,
            List<EnvironmentLine> environments,
            List<VersionLine> versions,
            List<AliasLine> aliases,
            List<ExampleLine> examples,
            List<RunLine> runs,
            String runsNext) {}

    @TemplateData
    public record EnvironmentLine(String environment, String type, String version, String status) {}

    @TemplateData
    public record VersionLine(String version, String status, String queue, int examples) {}

    @TemplateData
    public record AliasLine(String name, String version, String updated) {}

    @TemplateData
    public record ExampleLine(String id, String name, String icon, String payload) {}

    @TemplateData
    public record TestView(
            String slug, String title, String version, List<ExampleLine> examples, String payload, String error) {}

    /** The events list; {@code query} is its filters as a URL query, for the next page's link. */
    @TemplateData
    public record EventsView(String name, String eventId, String query, List<EventLine> events, String nextCursor) {}

    /** An event: {@code encodedId} is its id for the runs list's filter. */
    @TemplateData
    public record EventLine(
            String id,
            String encodedId,
            String name,
            String source,
            boolean test,
            String received,
            String deliverAt,
            String delivered,
            String cancelled,
            long runs) {}
}
