package io.kongflow.jobs.runs;

import java.util.UUID;

/** The version a new run will execute, with everything the run copies from it. */
record RunTarget(
        UUID jobId,
        boolean internal,
        UUID versionId,
        String version,
        String status,
        UUID queueId,
        UUID endpointId,
        String endpointUrl,
        boolean preprocessRuns,
        boolean runsEnabled,
        String eventName,
        String eventSource) {}
