package io.kongflow.jobs.runs;

import com.fasterxml.jackson.databind.JsonNode;
import io.kongflow.jobs.persistence.Parameters;
import io.kongflow.jobs.persistence.Statements;
import io.kongflow.jobs.tenancy.Caller;
import io.kongflow.jobs.tracing.RunCreation;
import io.kongflow.jobs.tracing.RunSpans;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * Writes a new run inside the caller's transaction: the optional external account, the event
 * record (delivered as it is written: it starts this run only), the job's next run number, and the
 * QUEUED run on the version's queue and endpoint.
 */
@ApplicationScoped
class RunFactory {

    /** The event a run is created for. */
    record NewEvent(
            String eventId,
            String name,
            String source,
            JsonNode payload,
            JsonNode context,
            boolean isTest,
            String accountId) {}

    private static final String UPSERT_ACCOUNT = """
            INSERT INTO external_accounts (environment_id, organization_id, identifier)
            VALUES (:environmentId, :organizationId, :identifier)
            ON CONFLICT (environment_id, identifier) DO UPDATE SET updated_at = now()
            RETURNING id""";

    private static final String INSERT_EVENT = """
            INSERT INTO event_records (environment_id, organization_id, project_id, external_account_id, event_id, name,
                source, payload, context, is_test, internal, delivered_at)
            VALUES (:environmentId, :organizationId, :projectId, CAST(:accountId AS uuid), :eventId, :name, :source,
                CAST(CAST(:payload AS text) AS jsonb), CAST(CAST(:context AS text) AS jsonb), :isTest, :internal, now())
            ON CONFLICT (event_id, environment_id) DO NOTHING
            RETURNING id""";

    // The counter row stays locked until commit: numbers are handed out in order, and a rolled
    // back run gives its number back, so they stay gap-free.
    private static final String NEXT_NUMBER = """
            INSERT INTO job_run_counters (job_id, last_number) VALUES (:jobId, 1)
            ON CONFLICT (job_id) DO UPDATE SET last_number = job_run_counters.last_number + 1
            RETURNING last_number""";

    private static final String INSERT_RUN = """
            INSERT INTO job_runs (job_id, version_id, environment_id, organization_id, project_id, endpoint_id, queue_id,
                event_id, external_account_id, number, status, is_test, internal, preprocess, queued_at, next_execution_at,
                trace_id, trace_span_id)
            VALUES (:jobId, :versionId, :environmentId, :organizationId, :projectId, :endpointId, :queueId, :eventId,
                CAST(:accountId AS uuid), :number, 'QUEUED', :isTest, :internal, :preprocess, now(), now(), :traceId,
                :spanId)
            RETURNING id""";

    private static final String SUBSCRIBE = """
            INSERT INTO job_run_subscriptions (run_id, url) VALUES (:runId, :url) ON CONFLICT (run_id, url) DO NOTHING""";

    private final RunSpans spans;

    RunFactory(RunSpans spans) {
        this.spans = spans;
    }

    /**
     * The new run's id; a null item when an event with that id exists already (an idempotent
     * repeat). With tracing on, the run is created under a span of its own (its trace, V29).
     */
    Uni<UUID> create(
            Statements sql, Caller caller, String jobSlug, RunTarget target, NewEvent event, String callbackUrl) {
        return account(sql, caller, event.accountId()).chain(accountId -> {
            Parameters eventRow = Parameters.with("environmentId", caller.environmentId());
            eventRow.put("organizationId", caller.organizationId());
            eventRow.put("projectId", caller.projectId());
            eventRow.put("accountId", accountId == null ? null : accountId.toString());
            eventRow.put("eventId", event.eventId());
            eventRow.put("name", event.name());
            eventRow.put("source", event.source());
            eventRow.put("payload", event.payload().toString());
            eventRow.put("context", event.context().toString());
            eventRow.put("isTest", event.isTest());
            eventRow.put("internal", target.internal());
            return sql.first(INSERT_EVENT, eventRow, RunFactory::id)
                    .chain(eventId -> eventId == null
                            ? Uni.createFrom().nullItem()
                            : run(sql, caller, jobSlug, target, eventId, accountId, event.isTest())
                                    .call(runId -> subscribe(sql, runId, callbackUrl)));
        });
    }

    private static UUID id(Row row) {
        return row.getUUID("id");
    }

    private Uni<UUID> account(Statements sql, Caller caller, String identifier) {
        if (identifier == null) {
            return Uni.createFrom().nullItem();
        }
        Parameters parameters = Parameters.with("environmentId", caller.environmentId())
                .and("organizationId", caller.organizationId())
                .and("identifier", identifier);
        return sql.first(UPSERT_ACCOUNT, parameters, RunFactory::id);
    }

    private Uni<UUID> run(
            Statements sql,
            Caller caller,
            String jobSlug,
            RunTarget target,
            UUID eventId,
            UUID accountId,
            boolean isTest) {
        return sql.first(NEXT_NUMBER, Parameters.with("jobId", target.jobId()), row -> row.getInteger("last_number"))
                .chain(number -> {
                    RunCreation creation = spans.creating(jobSlug, isTest ? "test" : "invoke", target.eventName());
                    Parameters run = Parameters.with("jobId", target.jobId());
                    run.put("versionId", target.versionId());
                    run.put("environmentId", caller.environmentId());
                    run.put("organizationId", caller.organizationId());
                    run.put("projectId", caller.projectId());
                    run.put("endpointId", target.endpointId());
                    run.put("queueId", target.queueId());
                    run.put("eventId", eventId);
                    run.put("accountId", accountId == null ? null : accountId.toString());
                    run.put("number", number);
                    run.put("isTest", isTest);
                    run.put("internal", target.internal());
                    run.put("preprocess", target.preprocessRuns());
                    run.put("traceId", creation.traceId());
                    run.put("spanId", creation.spanId());
                    return sql.first(INSERT_RUN, run, RunFactory::id).invoke(runId -> creation.created(runId, jobSlug));
                });
    }

    private Uni<Void> subscribe(Statements sql, UUID runId, String callbackUrl) {
        if (callbackUrl == null) {
            return Uni.createFrom().voidItem();
        }
        return sql.execute(SUBSCRIBE, Parameters.with("runId", runId).and("url", callbackUrl))
                .replaceWithVoid();
    }
}
