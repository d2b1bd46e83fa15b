package io.kongflow.jobs.problem;

/** The object does not exist, or is not visible to the caller (no existence leak). */
public class NotFound extends ApiException {

    public NotFound(String what) {
        super(what + " not found");
    }

    @Override
    public int status() {
        return 404;
    }

    @Override
    public String title() {
        return "Not Found";
    }
}
