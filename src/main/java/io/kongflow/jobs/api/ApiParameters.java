package io.kongflow.jobs.api;

/** Descriptions of the query and header parameters several operations share, for the OpenAPI document. */
final class ApiParameters {

    static final String CURSOR = "The `nextCursor` of the previous page; absent for the first page";
    static final String LIMIT = "Page size, 1 to 100";
    static final String TAKE = "Page size, 1 to 50";
    static final String QUERY = "Only jobs whose id or title contains this text (case-insensitive)";
    static final String ENDPOINT =
            "Only jobs whose latest version in the caller's environment is served by the endpoint with this id";
    static final String INCLUDE_INTERNAL = "Also list internal jobs";
    static final String INCLUDE_DISABLED = "Also list jobs whose latest version is DISABLED";
    static final String IDEMPOTENCY_KEY =
            "Makes the invocation idempotent: a repeat with the same key answers the first run (1 to 200 characters)";

    private ApiParameters() {}
}
