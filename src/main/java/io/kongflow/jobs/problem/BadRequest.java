package io.kongflow.jobs.problem;

/** A request that cannot be carried out as asked, for a reason outside the body's shape. */
public class BadRequest extends ApiException {

    public BadRequest(String detail) {
        super(detail);
    }

    @Override
    public int status() {
        return 400;
    }

    @Override
    public String title() {
        return "Bad Request";
    }
}
