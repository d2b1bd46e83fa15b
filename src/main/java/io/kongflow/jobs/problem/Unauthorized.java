package io.kongflow.jobs.problem;

/** No credentials, or credentials that name nobody. */
public class Unauthorized extends ApiException {

    public Unauthorized(String detail) {
        super(detail);
    }

    @Override
    public int status() {
        return 401;
    }

    @Override
    public String title() {
        return "Unauthorized";
    }
}
