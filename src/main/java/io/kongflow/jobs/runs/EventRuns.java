package io.kongflow.jobs.runs;

import io.kongflow.jobs.persistence.Parameters;
import io.kongflow.jobs.persistence.Statements;
import io.kongflow.jobs.tracing.RunCreation;
import io.kongflow.jobs.tracing.RunSpans;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Runs started by a stored event — a delivered event's matching dispatchers, a schedule's tick —
 * written inside the caller's transaction: one QUEUED run of each version that can run now, at
 * most one per (event, version) whatever repeats the caller makes.
 */
@ApplicationScoped
public class EventRuns {

    /*
     * The version must still be runnable when the run is written: active, its job not deleted, its
     * endpoint not deleted, runs enabled for the organization. The job, version and endpoint rows are
     * share-locked until commit, so a concurrent disable or delete either waits for this run or is
     * seen by it (as for test runs). A version already run for this event is skipped; the unique key
     * (event_id, version_id) is the safety net, whose violation retries the transaction, so a run
     * number is never spent on a run that is not written.
     */
    private static final String CREATE = """
            WITH target AS (
                SELECT v.id AS version_id, v.job_id, v.environment_id, v.organization_id, v.project_id, v.endpoint_id,
                       v.queue_id, v.preprocess_runs, j.internal, e.id AS event_id, e.external_account_id, e.is_test
                FROM job_versions v
                JOIN jobs j ON j.id = v.job_id
                JOIN endpoints ep ON ep.id = v.endpoint_id
                JOIN organizations o ON o.id = v.organization_id
                JOIN event_records e ON e.id = :eventRecordId AND e.environment_id = v.environment_id
                WHERE v.id = :versionId AND v.status = 'ACTIVE' AND j.deleted_at IS NULL AND ep.url IS NOT NULL
                  AND o.runs_enabled
                  AND NOT EXISTS (SELECT 1 FROM job_runs r WHERE r.event_id = e.id AND r.version_id = v.id)
                FOR SHARE OF j, v, ep
            ), counter AS (
                INSERT INTO job_run_counters (job_id, last_number) SELECT job_id, 1 FROM target
                ON CONFLICT (job_id) DO UPDATE SET last_number = job_run_counters.last_number + 1
                RETURNING job_id, last_number
            ), run AS (
                INSERT INTO job_runs (job_id, version_id, environment_id, organization_id, project_id, endpoint_id,
                    queue_id, event_id, external_account_id, number, status, is_test, internal, preprocess, queued_at,
                    next_execution_at, trace_id, trace_span_id)
                SELECT t.job_id, t.version_id, t.environment_id, t.organization_id, t.project_id, t.endpoint_id,
                    t.queue_id, t.event_id, t.external_account_id, c.last_number, 'QUEUED', t.is_test, t.internal,
                    t.preprocess_runs, now(), now(), CAST(:traceId AS text), CAST(:spanId AS text)
                FROM target t JOIN counter c ON c.job_id = t.job_id
                RETURNING id, job_id
            )
            SELECT run.id, j.slug FROM run JOIN jobs j ON j.id = run.job_id""";

    private final RunSpans spans;

    EventRuns(RunSpans spans) {
        this.spans = spans;
    }

    /**
     * The runs this call created, one per version that can run and has no run for the event yet (in
     * the versions' order; sorted by the caller when several transactions may race, so the job
     * counters are locked in one order).
     */
    public Uni<List<UUID>> create(Statements sql, UUID eventRecordId, List<UUID> versionIds) {
        return Multi.createFrom()
                .iterable(versionIds)
                .onItem()
                .transformToUniAndConcatenate(versionId -> create(sql, eventRecordId, versionId))
                .filter(Objects::nonNull)
                .collect()
                .asList();
    }

    /** With tracing on, under a span of its own, ended only when the run is written (else dropped unended). */
    private Uni<UUID> create(Statements sql, UUID eventRecordId, UUID versionId) {
        RunCreation creation = spans.creating(null, "event", null);
        Parameters parameters = Parameters.with("eventRecordId", eventRecordId)
                .and("versionId", versionId)
                .and("traceId", creation.traceId())
                .and("spanId", creation.spanId());
        return sql.first(CREATE, parameters, row -> {
            UUID runId = row.getUUID("id");
            creation.created(runId, row.getString("slug"));
            return runId;
        });
    }
}
