package io.kongflow.jobs.console;

import io.kongflow.jobs.tenancy.Caller;
import io.kongflow.jobs.tenancy.Scope;
import io.quarkus.qute.TemplateData;

/**
 * A signed-in browser: the caller its key names (resolved again on this request), what the page
 * header shows of it, and the CSRF token every form of the session carries.
 */
@TemplateData
public record ConsoleSession(
        Caller caller, String projectSlug, String environmentSlug, String keyName, String csrfToken) {

    /** Whether the key may act (cancel, run): forms for actions show only then. */
    public boolean mayWrite() {
        return caller.may(Scope.WRITE);
    }

    /** What the key may do, as the header shows it. */
    public String scopes() {
        return String.join(
                ", ", caller.scopes().stream().sorted().map(Scope::wire).toList());
    }
}
