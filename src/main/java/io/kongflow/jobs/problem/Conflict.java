package io.kongflow.jobs.problem;

/** The request contradicts the current state (a duplicate, an active job, a disabled version). */
public class Conflict extends ApiException {

    public Conflict(String detail) {
        super(detail);
    }

    @Override
    public int status() {
        return 409;
    }

    @Override
    public String title() {
        return "Conflict";
    }
}
