package io.kongflow.jobs.indexing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kongflow.jobs.client.EndpointAnswer;
import io.kongflow.jobs.client.EndpointCallFailed;
import io.kongflow.jobs.client.EndpointClient;
import io.kongflow.jobs.ops.ServiceMetrics;
import io.kongflow.jobs.persistence.EnvironmentType;
import io.kongflow.jobs.persistence.IndexStatus;
import io.kongflow.jobs.persistence.Parameters;
import io.kongflow.jobs.persistence.Postgres;
import io.kongflow.jobs.persistence.Statements;
import io.kongflow.jobs.registration.SyncEndpointJobs;
import io.kongflow.jobs.registration.SyncReport;
import io.kongflow.jobs.schedules.DynamicSchedules;
import io.kongflow.jobs.tenancy.ApiKeyVault;
import io.kongflow.jobs.tenancy.Caller;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * Runs one claimed (STARTED) index: asks the endpoint for its jobs, syncs them through the
 * registration code (and its dynamic schedules through {@link DynamicSchedules}), and records SUCCESS with stats or FAILURE with the reason. No database
 * transaction is held while the endpoint is being called. Every write is fenced by the attempt
 * number of the claim: once the index was reclaimed, the late worker's writes are refused.
 */
@ApplicationScoped
public class IndexRunner {

    private static final List<String> OTHER_LISTS =
            List.of("sources", "dynamicTriggers", "dynamicSchedules", "httpEndpoints", "webhooks");

    private static final String CONTEXT = """
            SELECT ep.id AS endpoint_id, ep.url, e.organization_id, e.project_id, e.id AS environment_id, e.type,
                   e.api_key_ciphertext
            FROM endpoint_indexes i
            JOIN endpoints ep ON ep.id = i.endpoint_id
            JOIN runtime_environments e ON e.id = ep.environment_id
            WHERE i.id = :indexId AND i.status = 'STARTED' AND i.attempts = :attempt""";

    private static final String CURRENT_ATTEMPT = """
            EXISTS (SELECT 1 FROM endpoint_indexes
                    WHERE id = :indexId AND status = 'STARTED' AND attempts = :attempt)""";

    // The url moves only from the one this index called to where it was redirected: a delete or a
    // new url registered while the endpoint was answering must not be undone by the index.
    private static final String UPDATE_ENDPOINT = """
            UPDATE endpoints SET url = CASE WHEN url = :calledUrl THEN :url ELSE url END,
                version = COALESCE(CAST(:version AS text), version),
                sdk_version = COALESCE(CAST(:sdkVersion AS text), sdk_version), updated_at = now()
            WHERE id = :endpointId AND\s""" + CURRENT_ATTEMPT;

    private static final String FINISH = """
            UPDATE endpoint_indexes SET status = :status, stats = CAST(CAST(:stats AS text) AS jsonb),
                data = CAST(CAST(:data AS text) AS jsonb), error = CAST(CAST(:error AS text) AS jsonb), updated_at = now()
            WHERE id = :indexId AND status = 'STARTED' AND attempts = :attempt""";

    /** What an attempt needs to call the endpoint and sync as its environment. */
    private record Context(UUID endpointId, String url, Caller caller, String apiKeyCiphertext) {
        static Context from(Row row) {
            return new Context(
                    row.getUUID("endpoint_id"),
                    row.getString("url"),
                    Caller.internal(
                            row.getUUID("organization_id"),
                            row.getUUID("project_id"),
                            row.getUUID("environment_id"),
                            EnvironmentType.valueOf(row.getString("type"))),
                    row.getString("api_key_ciphertext"));
        }
    }

    private final Statements sql;
    private final EndpointClient client;
    private final SyncEndpointJobs sync;
    private final ApiKeyVault vault;
    private final ServiceMetrics metrics;
    private final DynamicSchedules dynamicSchedules;

    IndexRunner(
            Postgres postgres,
            EndpointClient client,
            SyncEndpointJobs sync,
            ApiKeyVault vault,
            ServiceMetrics metrics,
            DynamicSchedules dynamicSchedules) {
        this.sql = postgres.statements();
        this.client = client;
        this.sync = sync;
        this.vault = vault;
        this.metrics = metrics;
        this.dynamicSchedules = dynamicSchedules;
    }

    /** Runs an index started now, on its first attempt. */
    public Uni<Void> run(UUID indexId) {
        return run(indexId, IndexQueue.FIRST_ATTEMPT);
    }

    /** The work of one attempt of an index, ending in SUCCESS or FAILURE; never fails itself. */
    public Uni<Void> run(UUID indexId, int attempt) {
        Attempt current = new Attempt(indexId, attempt);
        return sql.first(CONTEXT, Parameters.with("indexId", indexId).and("attempt", attempt), Context::from)
                .chain(context -> context == null ? Uni.createFrom().voidItem() : run(current, context))
                .onFailure()
                .recoverWithUni(failure -> {
                    Log.errorf(failure, "Index %s failed unexpectedly", indexId);
                    return fail(current, "Indexing failed unexpectedly");
                });
    }

    private record Attempt(UUID indexId, int number) {}

    private Uni<Void> run(Attempt attempt, Context context) {
        UUID endpointId = context.endpointId();
        String url = context.url();
        if (url == null) {
            return fail(attempt, "The endpoint has been deleted");
        }
        Caller caller = context.caller();
        String apiKey = vault.decrypt(context.apiKeyCiphertext());
        return sync.now()
                .chain(listedAt -> client.index(url, apiKey, caller.environmentType())
                        .chain(answer -> sql.execute(UPDATE_ENDPOINT, endpointUpdate(attempt, endpointId, url, answer))
                                .chain(updated -> updated == 0
                                        ? reclaimed(attempt)
                                        : syncJobs(attempt, caller, endpointId, url, answer, listedAt))))
                .onFailure(EndpointCallFailed.class)
                .recoverWithUni(failure -> fail(attempt, failure.getMessage()));
    }

    private Uni<Void> syncJobs(
            Attempt attempt,
            Caller caller,
            UUID endpointId,
            String url,
            EndpointAnswer answer,
            OffsetDateTime listedAt) {
        JsonNode jobs = answer.body().get("jobs");
        if (jobs == null || !jobs.isArray()) {
            return fail(attempt, "Invalid response from endpoint " + url + ": jobs must be an array");
        }
        return sync.sync(caller, endpointId, jobs, listedAt)
                .call(() -> dynamicSchedules.sync(
                        caller.environmentId(), endpointId, answer.body().get("dynamicSchedules")))
                .chain(report -> succeed(attempt, answer.body(), report));
    }

    private static Uni<Void> reclaimed(Attempt attempt) {
        Log.warnf(
                "Index %s was reclaimed while attempt %d waited for its endpoint; that attempt stops",
                attempt.indexId(), attempt.number());
        return Uni.createFrom().voidItem();
    }

    private static Parameters endpointUpdate(
            Attempt attempt, UUID endpointId, String calledUrl, EndpointAnswer answer) {
        Parameters parameters = Parameters.with("indexId", attempt.indexId());
        parameters.put("attempt", attempt.number());
        parameters.put("endpointId", endpointId);
        parameters.put("calledUrl", calledUrl);
        parameters.put("url", answer.finalUrl());
        parameters.put("version", answer.triggerVersion());
        parameters.put("sdkVersion", answer.sdkVersion());
        return parameters;
    }

    private Uni<Void> succeed(Attempt attempt, JsonNode body, SyncReport report) {
        ObjectNode stats = JsonNodeFactory.instance
                .objectNode()
                .put("jobs", report.stats().jobs())
                .put("disabledJobs", report.stats().disabledJobs())
                .put("failedJobs", report.stats().failedJobs());
        for (String list : OTHER_LISTS) {
            JsonNode items = body.get(list);
            stats.put(list, items != null && items.isArray() ? items.size() : 0);
        }
        ObjectNode error = null;
        if (report.stats().failedJobs() > 0) {
            error = JsonNodeFactory.instance
                    .objectNode()
                    .put("message", report.stats().failedJobs() + " job(s) failed");
            var failures = error.putArray("failedJobs");
            report.jobs().stream()
                    .filter(job -> SyncReport.FAILED.equals(job.outcome()))
                    .forEach(job -> {
                        ObjectNode failure = failures.addObject()
                                .put("id", job.id())
                                .put("version", job.version())
                                .put("reason", job.error());
                        if (job.errors() != null) {
                            var paths = failure.putArray("errors");
                            job.errors()
                                    .forEach(e -> paths.addObject()
                                            .put("path", e.path())
                                            .put("message", e.message()));
                        }
                    });
        }
        return finish(attempt, IndexStatus.SUCCESS, stats, body, error);
    }

    private Uni<Void> fail(Attempt attempt, String message) {
        return finish(
                attempt,
                IndexStatus.FAILURE,
                null,
                null,
                JsonNodeFactory.instance.objectNode().put("message", message));
    }

    private Uni<Void> finish(Attempt attempt, IndexStatus status, JsonNode stats, JsonNode data, JsonNode error) {
        Parameters parameters = Parameters.with("indexId", attempt.indexId());
        parameters.put("attempt", attempt.number());
        parameters.put("status", status.name());
        parameters.put("stats", stats == null ? null : stats.toString());
        parameters.put("data", data == null ? null : data.toString());
        parameters.put("error", error == null ? null : error.toString());
        return sql.execute(FINISH, parameters)
                .invoke(updated -> {
                    if (updated > 0) {
                        metrics.index(status.name());
                    }
                })
                .replaceWithVoid();
    }
}
