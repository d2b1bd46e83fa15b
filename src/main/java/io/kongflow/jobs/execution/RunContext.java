package io.kongflow.jobs.execution;

import io.kongflow.jobs.persistence.Rows;
import io.kongflow.jobs.tracing.RunTrace;
import io.vertx.mutiny.sqlclient.Row;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Everything an EXECUTE_JOB of one run says about it, and the run's trace, read in one statement. */
record RunContext(
        UUID runId,
        boolean isTest,
        int executionCount,
        List<String> yieldedExecutions,
        String eventId,
        String eventName,
        String payload,
        String context,
        Instant timestamp,
        String jobSlug,
        String version,
        UUID environmentId,
        String environmentSlug,
        String environmentType,
        String apiKeyCiphertext,
        UUID organizationId,
        String organizationTitle,
        String organizationSlug,
        UUID projectId,
        String projectName,
        String projectSlug,
        String endpointUrl,
        Integer endpointChunkLimitMs,
        int taskCount,
        int waitingTaskCount,
        String accountIdentifier,
        String accountMetadata,
        String sourceContext,
        RunTrace trace) {

    static final String LOAD = """
            SELECT r.id, r.is_test, r.execution_count, r.yielded_executions,
                ev.event_id, ev.name AS event_name, CAST(ev.payload AS text) AS payload,
                CAST(ev.context AS text) AS context, ev.timestamp, j.slug AS job_slug, v.version,
                e.id AS environment_id, e.slug AS environment_slug, e.type AS environment_type, e.api_key_ciphertext,
                o.id AS organization_id, o.title AS organization_title, o.slug AS organization_slug,
                p.id AS project_id, p.name AS project_name, p.slug AS project_slug, ep.url AS endpoint_url,
                ep.run_chunk_execution_limit_ms AS endpoint_chunk_limit_ms,
                tasks.task_count, tasks.waiting_task_count,
                a.identifier AS account_identifier, CAST(a.metadata AS text) AS account_metadata,
                CAST(ev.source_context AS text) AS source_context, r.trace_id, r.trace_span_id
            FROM job_runs r
            JOIN event_records ev ON ev.id = r.event_id
            JOIN jobs j ON j.id = r.job_id
            JOIN job_versions v ON v.id = r.version_id
            JOIN runtime_environments e ON e.id = r.environment_id
            JOIN organizations o ON o.id = r.organization_id
            JOIN projects p ON p.id = r.project_id
            JOIN endpoints ep ON ep.id = r.endpoint_id
            LEFT JOIN external_accounts a ON a.id = r.external_account_id
            CROSS JOIN LATERAL (
                SELECT count(*) AS task_count, count(*) FILTER (WHERE t.status = 'WAITING') AS waiting_task_count
                FROM job_tasks t WHERE t.run_id = r.id) tasks
            WHERE r.id = :runId""";

    static RunContext from(Row row) {
        String[] yielded = row.getArrayOfStrings("yielded_executions");
        return new RunContext(
                row.getUUID("id"),
                row.getBoolean("is_test"),
                row.getInteger("execution_count"),
                yielded == null ? List.of() : List.of(yielded),
                row.getString("event_id"),
                row.getString("event_name"),
                row.getString("payload"),
                row.getString("context"),
                Rows.instant(row, "timestamp"),
                row.getString("job_slug"),
                row.getString("version"),
                row.getUUID("environment_id"),
                row.getString("environment_slug"),
                row.getString("environment_type"),
                row.getString("api_key_ciphertext"),
                row.getUUID("organization_id"),
                row.getString("organization_title"),
                row.getString("organization_slug"),
                row.getUUID("project_id"),
                row.getString("project_name"),
                row.getString("project_slug"),
                row.getString("endpoint_url"),
                row.getInteger("endpoint_chunk_limit_ms"),
                row.getLong("task_count").intValue(),
                row.getLong("waiting_task_count").intValue(),
                row.getString("account_identifier"),
                row.getString("account_metadata"),
                row.getString("source_context"),
                RunTrace.of(row.getString("trace_id"), row.getString("trace_span_id")));
    }
}
