package io.kongflow.jobs.console;

import io.kongflow.jobs.console.ConsoleViews.EventsView;
import io.kongflow.jobs.console.ConsoleViews.JobView;
import io.kongflow.jobs.console.ConsoleViews.JobsView;
import io.kongflow.jobs.console.ConsoleViews.RunView;
import io.kongflow.jobs.console.ConsoleViews.RunsView;
import io.kongflow.jobs.console.ConsoleViews.TestView;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * The console's pages ({@code src/main/resources/templates/console/}), type-checked at build
 * time; a {@code name$fragment} method renders only that fragment of a page (the part a live
 * update swaps in).
 */
@CheckedTemplate(basePath = "console")
final class Templates {

    private Templates() {}

    static native TemplateInstance signIn(
            ConsoleSession session, String error, String next, String signInToken, boolean devSignIn);

    static native TemplateInstance runs(ConsoleSession session, RunsView page);

    static native TemplateInstance runs$rows(ConsoleSession session, RunsView page);

    static native TemplateInstance run(ConsoleSession session, RunView run);

    static native TemplateInstance run$body(ConsoleSession session, RunView run);

    static native TemplateInstance jobs(ConsoleSession session, JobsView page);

    static native TemplateInstance job(ConsoleSession session, JobView job);

    static native TemplateInstance events(ConsoleSession session, EventsView page);

    static native TemplateInstance test(ConsoleSession session, TestView test);

    static native TemplateInstance error(ConsoleSession session, int status, String title, String message);
}
