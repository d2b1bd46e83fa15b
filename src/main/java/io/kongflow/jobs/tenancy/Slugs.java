package io.kongflow.jobs.tenancy;

/** The shape of organization, project and environment slugs. */
public final class Slugs {

    /** Lower-case letters, digits, '.', '_' and '-', starting with a letter or digit, at most 64 long. */
    public static final String PATTERN = "^[a-z0-9][a-z0-9._-]{0,63}$";

    public static final String MESSAGE =
            "must be 1-64 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit";

    private Slugs() {}
}
