package io.kongflow.jobs.api;

/** Descriptions of the path, query and header parameters, for the OpenAPI document. */
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

    // Path parameters: `slug` names the endpoint under /api/v1/endpoints, the job under /api/v1/jobs.
    static final String JOB_SLUG = "The job's id (its slug: the `id` of its JobMetadata)";
    static final String ENDPOINT_SLUG = "The endpoint's id (its slug: the `id` given to `POST /api/v1/endpoints`)";
    static final String VERSION = "The job's version, as its JobMetadata `version` names it";
    static final String ALIAS_NAME = "The alias' name (`latest`, or one of yours)";
    static final String VERSION_ID = "The version's id (a version's `id`)";
    static final String RUN_ID = "The run's id";
    static final String DYNAMIC_SCHEDULE_ID = "The dynamic schedule's id (the `id` of `client.defineDynamicSchedule`)";
    static final String REGISTRATION_KEY = "The registration's key (the `id` it was registered with)";
    static final String EVENT_ID = "The event's id, as sent (unique in the caller's environment)";
    static final String TASK_ID = "The task's id (a task's `id`)";
    static final String STORE_KEY =
            "The key, URL-encoded (the SDK namespaces it: `job:<job id>:<key>`, `run:<run id>:<key>`); "
                    + "1 to 2 048 bytes in UTF-8";
    static final String STATUS_KEY = "The status' key, chosen by the job's code";
    static final String INDEX_ID = "The index's id (an endpoint's `endpointIndex.id`, or an index's `id`)";
    static final String QUEUE_ID = "The queue's id";
    static final String CALLBACK_SECRET = "The secret of the task's `callbackUrl`";
    static final String HOOK_ENVIRONMENT = "The id of the endpoint's environment";
    static final String HOOK_IDENTIFIER = "The endpoint's secret `indexingHookIdentifier`";

    private ApiParameters() {}
}
