package io.kongflow.jobs.runs;

import io.kongflow.jobs.persistence.VersionStatus;
import io.vertx.mutiny.sqlclient.Row;
import java.util.UUID;

/** The version a new run will execute, with everything the run copies from it. */
record RunTarget(
        UUID jobId,
        boolean internal,
        UUID versionId,
        String version,
        VersionStatus status,
        UUID queueId,
        UUID endpointId,
        String endpointUrl,
        boolean preprocessRuns,
        boolean runsEnabled,
        String eventName,
        String eventSource) {

    static RunTarget from(Row row) {
        return new RunTarget(
                row.getUUID("job_id"),
                row.getBoolean("internal"),
                row.getUUID("version_id"),
                row.getString("version"),
                VersionStatus.valueOf(row.getString("status")),
                row.getUUID("queue_id"),
                row.getUUID("endpoint_id"),
                row.getString("endpoint_url"),
                row.getBoolean("preprocess_runs"),
                row.getBoolean("runs_enabled"),
                row.getString("event_name"),
                row.getString("event_source"));
    }
}
