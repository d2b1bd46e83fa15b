package io.kongflow.jobs.problem;

/**
 * A trigger.dev v2 route this release does not serve yet. A 4xx, not a 501: the v2 SDK retries
 * every 5xx and then reports only the status, while it throws a 4xx's {@code error} at once, so the
 * user reads this message.
 */
public class NotServedYet extends ApiException {

    public NotServedYet(String feature) {
        super(feature + " not served yet by kongflow jobs (see the README's \"What is not served yet\")");
    }

    @Override
    public int status() {
        return 404;
    }

    @Override
    public String title() {
        return "Not Served Yet";
    }
}
