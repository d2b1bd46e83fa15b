package io.kongflow.jobs.console;

import io.kongflow.jobs.persistence.Parameters;
import io.kongflow.jobs.persistence.Postgres;
import io.kongflow.jobs.persistence.Rows;
import io.kongflow.jobs.persistence.Statements;
import io.kongflow.jobs.tenancy.Caller;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The jobs list's queue usage, next schedule fire and last run of each job, in the session's environment. */
@ApplicationScoped
class JobOverviews {

    private static final String JOBS = """
            SELECT j.id, CAST(v.trigger AS text) AS trigger, q.name AS queue_name, q.job_count, q.max_jobs,
                   s.next_event_at, last.id AS last_run_id, last.number AS last_run_number,
                   last.status AS last_run_status, last.created_at AS last_run_at
            FROM jobs j
            LEFT JOIN job_aliases a ON a.job_id = j.id AND a.environment_id = :environmentId AND a.name = 'latest'
            LEFT JOIN job_versions v ON v.id = a.version_id
            LEFT JOIN job_queues q ON q.id = v.queue_id
            LEFT JOIN event_dispatchers d ON d.environment_id = :environmentId AND d.dispatchable_id = CAST(j.id AS text)
            LEFT JOIN schedule_sources s ON s.dispatcher_id = d.id AND s.active
            LEFT JOIN LATERAL (
                SELECT r.id, r.number, r.status, r.created_at FROM job_runs r
                WHERE r.job_id = j.id AND r.environment_id = :environmentId
                ORDER BY r.number DESC LIMIT 1) last ON true
            WHERE j.project_id = :projectId AND j.id = ANY(CAST(:jobIds AS uuid[]))""";

    /** What the jobs list shows of a job besides the catalog's view. */
    record JobOverview(
            UUID id,
            String trigger,
            String queueName,
            Integer running,
            Integer limit,
            Instant nextEventAt,
            UUID lastRunId,
            Integer lastRunNumber,
            String lastRunStatus,
            Instant lastRunAt) {
        static JobOverview from(Row row) {
            return new JobOverview(
                    row.getUUID("id"),
                    row.getString("trigger"),
                    row.getString("queue_name"),
                    row.getInteger("job_count"),
                    row.getInteger("max_jobs"),
                    Rows.instant(row, "next_event_at"),
                    row.getUUID("last_run_id"),
                    row.getInteger("last_run_number"),
                    row.getString("last_run_status"),
                    Rows.instant(row, "last_run_at"));
        }
    }

    private final Statements sql;

    JobOverviews(Postgres postgres) {
        this.sql = postgres.statements();
    }

    Uni<Map<UUID, JobOverview>> jobs(Caller caller, List<UUID> jobIds) {
        if (jobIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        Parameters parameters = Parameters.with("environmentId", caller.environmentId())
                .and("projectId", caller.projectId())
                .and("jobIds", jobIds.toArray(UUID[]::new));
        return sql.list(JOBS, parameters, JobOverview::from).map(rows -> {
            Map<UUID, JobOverview> byId = new HashMap<>();
            rows.forEach(row -> byId.putIfAbsent(row.id(), row));
            return byId;
        });
    }
}
