package io.kongflow.jobs.problem;

/** The caller is known but its key lacks the scope the operation needs. */
public class Forbidden extends ApiException {

    public Forbidden(String detail) {
        super(detail);
    }

    @Override
    public int status() {
        return 403;
    }

    @Override
    public String title() {
        return "Forbidden";
    }
}
