package io.kongflow.jobs.problem;

import java.util.List;

/** The request body or parameters break the rules; every offending path is listed. */
public class InvalidInput extends ApiException {

    private final List<Problem.FieldError> errors;

    public InvalidInput(List<Problem.FieldError> errors) {
        super(summary(errors));
        this.errors = List.copyOf(errors);
    }

    public InvalidInput(String path, String message) {
        this(List.of(new Problem.FieldError(path, message)));
    }

    public List<Problem.FieldError> errors() {
        return errors;
    }

    @Override
    public int status() {
        return 400;
    }

    @Override
    public String title() {
        return "Invalid Input";
    }

    private static String summary(List<Problem.FieldError> errors) {
        StringBuilder detail = new StringBuilder("Invalid input: ");
        for (int i = 0; i < errors.size(); i++) {
            Problem.FieldError error = errors.get(i);
            if (i > 0) {
                detail.append("; ");
            }
            detail.append(error.path().isEmpty() ? "body" : error.path())
                    .append(": ")
                    .append(error.message());
        }
        return detail.toString();
    }
}
