package io.kongflow.jobs.problem;

/** A value over the size its route accepts (the body as a whole is bounded by the HTTP layer). */
public class PayloadTooLarge extends ApiException {

    public PayloadTooLarge(String detail) {
        super(detail);
    }

    @Override
    public int status() {
        return 413;
    }

    @Override
    public String title() {
        return "Payload Too Large";
    }
}
