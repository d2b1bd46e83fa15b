package io.kongflow.jobs.problem;

/**
 * A failure that the caller can act on. Domain code throws the subclasses, which say what went
 * wrong in domain terms; {@link ProblemMapper} turns them into problem+json.
 */
public abstract class ApiException extends RuntimeException {

    protected ApiException(String message) {
        super(message, null, false, false);
    }

    /** The HTTP status this failure answers with. */
    public abstract int status();

    /** A short, stable, human-readable summary of the problem type. */
    public abstract String title();
}
