package io.kongflow.jobs.support;

import java.util.Map;

/** The {@code stats} of a finished index, as the API answers them: jobs, then the endpoint's other lists. */
public final class IndexStats {

    private IndexStats() {}

    /** Stats with these job counts and {@code sources} sources; every other list empty. */
    public static Map<String, Integer> of(int jobs, int disabledJobs, int failedJobs, int sources) {
        return Map.of(
                "jobs",
                jobs,
                "disabledJobs",
                disabledJobs,
                "failedJobs",
                failedJobs,
                "sources",
                sources,
                "dynamicTriggers",
                0,
                "dynamicSchedules",
                0,
                "httpEndpoints",
                0,
                "webhooks",
                0);
    }
}
