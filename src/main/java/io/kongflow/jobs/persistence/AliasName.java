package io.kongflow.jobs.persistence;

/** Alias names with a meaning of their own. */
public final class AliasName {

    /** The alias that registrations move and dispatchers follow. */
    public static final String LATEST = "latest";

    /** {@link #LATEST} as an SQL literal, for statements that name it (a literal keeps plans on the alias index). */
    public static final String LATEST_SQL = "'" + LATEST + "'";

    private AliasName() {}
}
