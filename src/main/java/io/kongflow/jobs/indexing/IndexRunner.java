package io.kongflow.jobs.indexing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kongflow.jobs.client.EndpointAnswer;
import io.kongflow.jobs.client.EndpointCallFailed;
import io.kongflow.jobs.client.EndpointClient;
import io.kongflow.jobs.ops.ServiceMetrics;
import io.kongflow.jobs.persistence.EnvironmentType;
import io.kongflow.jobs.persistence.NativeSql;
import io.kongflow.jobs.registration.SyncEndpointJobs;
import io.kongflow.jobs.registration.SyncReport;
import io.kongflow.jobs.tenancy.ApiKeyVault;
import io.kongflow.jobs.tenancy.Caller;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Runs one claimed (STARTED) index: asks the endpoint for its jobs, syncs them through the
 * registration code, and records SUCCESS with stats or FAILURE with the reason. No database
 * transaction is held while the endpoint is being called. Every write is fenced by the attempt
 * number of the claim: once the index was reclaimed, the late worker's writes are refused.
 */
@ApplicationScoped
public class IndexRunner {

    private static final List<String> OTHER_LISTS =
            List.of("sources", "dynamicTriggers", "dynamicSchedules", "httpEndpoints", "webhooks");

    private static final String CONTEXT = """
            SELECT ep.id, ep.url, e.organization_id, e.project_id, e.id, e.type, e.api_key_ciphertext
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

    private final EndpointClient client;
    private final SyncEndpointJobs sync;
    private final ApiKeyVault vault;
    private final ServiceMetrics metrics;

    IndexRunner(EndpointClient client, SyncEndpointJobs sync, ApiKeyVault vault, ServiceMetrics metrics) {
        this.client = client;
        this.sync = sync;
        this.vault = vault;
        this.metrics = metrics;
    }

    /** Runs an index started now, on its first attempt. */
    public Uni<Void> run(UUID indexId) {
        return run(indexId, IndexQueue.FIRST_ATTEMPT);
    }

    /** The work of one attempt of an index, ending in SUCCESS or FAILURE; never fails itself. */
    public Uni<Void> run(UUID indexId, int attempt) {
        Attempt current = new Attempt(indexId, attempt);
        return Panache.withSession(() -> NativeSql.row(CONTEXT, Map.of("indexId", indexId, "attempt", attempt)))
                .chain(row -> row == null ? Uni.createFrom().voidItem() : run(current, row))
                .onFailure()
                .recoverWithUni(failure -> {
                    Log.errorf(failure, "Index %s failed unexpectedly", indexId);
                    return fail(current, "Indexing failed unexpectedly");
                });
    }

    private record Attempt(UUID indexId, int number) {}

    private Uni<Void> run(Attempt attempt, Object[] row) {
        UUID endpointId = (UUID) row[0];
        String url = (String) row[1];
        if (url == null) {
            return fail(attempt, "The endpoint has been deleted");
        }
        Caller caller =
                Caller.internal((UUID) row[2], (UUID) row[3], (UUID) row[4], EnvironmentType.valueOf((String) row[5]));
        String apiKey = vault.decrypt((String) row[6]);
        return sync.now()
                .chain(listedAt -> client.index(url, apiKey)
                        .chain(answer -> Panache.withTransaction(() -> NativeSql.execute(
                                        UPDATE_ENDPOINT, endpointUpdate(attempt, endpointId, url, answer)))
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
        return sync.sync(caller, endpointId, jobs, listedAt).chain(report -> succeed(attempt, answer.body(), report));
    }

    private static Uni<Void> reclaimed(Attempt attempt) {
        Log.warnf(
                "Index %s was reclaimed while attempt %d waited for its endpoint; that attempt stops",
                attempt.indexId(), attempt.number());
        return Uni.createFrom().voidItem();
    }

    private static Map<String, Object> endpointUpdate(
            Attempt attempt, UUID endpointId, String calledUrl, EndpointAnswer answer) {
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("indexId", attempt.indexId());
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
            report.jobs().stream().filter(job -> "failed".equals(job.outcome())).forEach(job -> {
                ObjectNode failure = failures.addObject()
                        .put("id", job.id())
                        .put("version", job.version())
                        .put("reason", job.error());
                if (job.errors() != null) {
                    var paths = failure.putArray("errors");
                    job.errors()
                            .forEach(
                                    e -> paths.addObject().put("path", e.path()).put("message", e.message()));
                }
            });
        }
        return finish(attempt, "SUCCESS", stats, body, error);
    }

    private Uni<Void> fail(Attempt attempt, String message) {
        return finish(
                attempt,
                "FAILURE",
                null,
                null,
                JsonNodeFactory.instance.objectNode().put("message", message));
    }

    private Uni<Void> finish(Attempt attempt, String status, JsonNode stats, JsonNode data, JsonNode error) {
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("indexId", attempt.indexId());
        parameters.put("attempt", attempt.number());
        parameters.put("status", status);
        parameters.put("stats", stats == null ? null : stats.toString());
        parameters.put("data", data == null ? null : data.toString());
        parameters.put("error", error == null ? null : error.toString());
        return Panache.withTransaction(() -> NativeSql.execute(FINISH, parameters))
                .invoke(updated -> {
                    if (updated > 0) {
                        metrics.index(status);
                    }
                })
                .replaceWithVoid();
    }
}
