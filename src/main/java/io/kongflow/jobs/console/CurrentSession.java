package io.kongflow.jobs.console;

import io.kongflow.jobs.problem.Forbidden;
import io.kongflow.jobs.problem.Unauthorized;
import io.kongflow.jobs.tenancy.ApiKeys;
import jakarta.enterprise.context.RequestScoped;

/** The console session of the current request, set by {@link ConsoleGuard}. */
@RequestScoped
public class CurrentSession {

    private ConsoleSession session;

    void set(ConsoleSession session) {
        this.session = session;
    }

    ConsoleSession get() {
        if (session == null) {
            throw new Unauthorized("Not signed in");
        }
        return session;
    }

    /** The session, or null on the pages anyone may see (sign-in, errors before sign-in). */
    ConsoleSession orNull() {
        return session;
    }

    /** The session, checked against the CSRF token its form carried, that may act (write scope). */
    ConsoleSession acting(String csrfToken) {
        ConsoleSession current = get();
        if (csrfToken == null || !ApiKeys.sameSecret(current.csrfToken(), csrfToken)) {
            throw new Forbidden("This form is stale or did not come from the console: reload the page and try again");
        }
        if (!current.mayWrite()) {
            throw new Forbidden("This key may only read: sign in with a key that has the write scope to act");
        }
        return current;
    }

    /** As {@link #acting}, for sign-out, which any session may do. */
    ConsoleSession signingOut(String csrfToken) {
        ConsoleSession current = get();
        if (csrfToken == null || !ApiKeys.sameSecret(current.csrfToken(), csrfToken)) {
            throw new Forbidden("This form is stale or did not come from the console: reload the page and try again");
        }
        return current;
    }
}
