package io.kongflow.jobs.api;

import java.util.Map;
import java.util.Set;

/**
 * What each operation answers beyond what its signature shows: the success statuses of those that
 * do not answer a plain 200 (a {@code RestResponse} hides them from the document generator), the
 * reads that refuse a malformed path parameter (400), the conflicts (409) an operation can meet,
 * and the 404s of operations whose body, not their path, names the object. {@link ProblemResponses} documents them; the test
 * suite's {@code ObservedStatusesCheck} fails on any status it sees that the document lacks.
 */
final class OperationAnswers {

    /** Success statuses by operationId, with their description; the others answer 200 (204: no body). */
    static final Map<String, Map<String, String>> SUCCESS = Map.ofEntries(
            Map.entry("createOrganization", Map.of("201", "The organization, created")),
            Map.entry("createProject", Map.of("201", "The project, created")),
            Map.entry("createEnvironment", Map.of("201", "The environment, created, with its API key (shown once)")),
            Map.entry("createApiKey", Map.of("201", "The named key, created (its secret shown once)")),
            Map.entry(
                    "registerJob",
                    Map.of(
                            "200", "An existing job and version: updated, unchanged or skipped",
                            "201", "A new job or a new version")),
            Map.entry("testJob", Map.of("201", "The test run, created")),
            Map.entry("createQueue", Map.of("201", "The queue, created")),
            Map.entry("deployHookGet", Map.of("202", "The index, queued (PENDING)")),
            Map.entry("deployHookPost", Map.of("202", "The index, queued (PENDING)")),
            Map.entry("hasStoredValue", Map.of("200", "The key is stored (no body)")));

    /** Operations that check a path parameter themselves (400 when it breaks the rules), by operationId. */
    static final Set<String> CHECKED_PATH_PARAMETERS = Set.of("getStoredValue", "hasStoredValue");

    /** The conflicts each operation can meet, by operationId. */
    static final Map<String, String> CONFLICTS = Map.ofEntries(
            Map.entry("createOrganization", "The slug is taken"),
            Map.entry("createProject", "The slug is taken in the organization"),
            Map.entry("createEnvironment", "The slug is taken in the project"),
            Map.entry("createApiKey", "A key of that name exists in the environment"),
            Map.entry("createQueue", "A queue of that name exists in the environment"),
            Map.entry("storeValue", "The key names a run (`run:<run id>:…`) that has ended"),
            Map.entry("deleteJob", "The job's latest version is still active in some environment"),
            Map.entry("testJob", "The version is disabled, runs are disabled, or its endpoint was deleted"),
            Map.entry("invokeJob", "The version is disabled, runs are disabled, or its endpoint was deleted"),
            Map.entry("indexEndpoint", "The endpoint has been deleted; register it again first"),
            Map.entry("deployHookGet", "The endpoint has been deleted; register it again first"),
            Map.entry("deployHookPost", "The endpoint has been deleted; register it again first"));

    /** The operations whose body (not their path) names an object that may not be found, by operationId. */
    static final Map<String, String> NOT_FOUND = Map.of(
            "createEphemeralEventDispatcher",
            "`url` is not the callback URL of a waiting task of the caller's environment");

    private OperationAnswers() {}
}
