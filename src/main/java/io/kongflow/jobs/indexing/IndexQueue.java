package io.kongflow.jobs.indexing;

import com.fasterxml.jackson.databind.JsonNode;
import io.kongflow.jobs.config.KongflowConfig;
import io.kongflow.jobs.persistence.EndpointIndex;
import io.kongflow.jobs.persistence.IndexSource;
import io.kongflow.jobs.persistence.IndexStatus;
import io.kongflow.jobs.persistence.Parameters;
import io.kongflow.jobs.persistence.Postgres;
import io.kongflow.jobs.persistence.Statements;
import io.kongflow.jobs.problem.NotFound;
import io.kongflow.jobs.tenancy.Caller;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/**
 * Endpoint indexes as durable work in PostgreSQL: created PENDING, claimed by exactly one worker of
 * any replica ({@code FOR UPDATE SKIP LOCKED}), reclaimed when their worker died, given up after
 * too many attempts. Each claim is an attempt with its own number: a worker writes its index only
 * while its attempt is the current one, so a worker that outlived its claim cannot undo the work of
 * the one that reclaimed it.
 */
@ApplicationScoped
public class IndexQueue {

    private static final String GIVE_UP = """
            UPDATE endpoint_indexes SET status = 'FAILURE', updated_at = now(),
                error = jsonb_build_object('message', 'Gave up after ' || attempts || ' attempts')
            WHERE status = 'STARTED' AND started_at < now() - make_interval(secs => :staleSeconds)
              AND attempts >= :maxAttempts""";

    private static final String CLAIM = """
            UPDATE endpoint_indexes SET status = 'STARTED', started_at = now(), attempts = attempts + 1, updated_at = now()
            WHERE id IN (
                SELECT id FROM endpoint_indexes
                WHERE status = 'PENDING'
                   OR (status = 'STARTED' AND started_at < now() - make_interval(secs => :staleSeconds))
                ORDER BY created_at
                LIMIT :limit
                FOR UPDATE SKIP LOCKED)
            RETURNING id, attempts""";

    /** An index started now is on this attempt. */
    static final int FIRST_ATTEMPT = 1;

    /** An index claimed by this worker, and the number of the attempt the claim made. */
    public record Claim(UUID indexId, int attempt) {}

    private static final String ENQUEUE = """
            INSERT INTO endpoint_indexes (endpoint_id, source, status, reason, source_data, attempts)
            VALUES (:endpointId, :source, 'PENDING', :reason, CAST(CAST(:sourceData AS text) AS jsonb), 0)
            RETURNING id""";

    private final Postgres postgres;
    private final KongflowConfig.Indexing config;

    public IndexQueue(Postgres postgres, KongflowConfig config) {
        this.postgres = postgres;
        this.config = config.indexing();
    }

    /** Queues an index of that endpoint for the worker. */
    @WithTransaction
    public Uni<EndpointIndex> enqueue(UUID endpointId, IndexSource source, String reason, JsonNode sourceData) {
        return create(endpointId, source, reason, sourceData, IndexStatus.PENDING);
    }

    /** Queues an index of that endpoint inside {@code sql}'s transaction; answers its id. */
    public Uni<UUID> enqueue(Statements sql, UUID endpointId, IndexSource source, String reason, JsonNode sourceData) {
        Parameters parameters = Parameters.with("endpointId", endpointId)
                .and("source", source.name())
                .and("reason", reason)
                .and("sourceData", sourceData == null ? null : sourceData.toString());
        return sql.first(ENQUEUE, parameters, row -> row.getUUID("id"));
    }

    /** An index claimed by the caller at once (for synchronous indexing). */
    @WithTransaction
    public Uni<EndpointIndex> startNow(UUID endpointId, IndexSource source, String reason, JsonNode sourceData) {
        return create(endpointId, source, reason, sourceData, IndexStatus.STARTED);
    }

    /** Claims up to {@code limit} indexes for this worker. */
    public Uni<List<Claim>> claim(int limit) {
        double staleSeconds = config.staleAfter().toSeconds();
        return postgres.transaction(sql -> sql.execute(
                        GIVE_UP, Parameters.with("staleSeconds", staleSeconds).and("maxAttempts", config.maxAttempts()))
                .chain(() -> sql.list(
                        CLAIM,
                        Parameters.with("staleSeconds", staleSeconds).and("limit", limit),
                        row -> new Claim(row.getUUID("id"), row.getInteger("attempts")))));
    }

    /** The index, if its endpoint is in the caller's environment. */
    @WithSession
    public Uni<EndpointIndex> get(Caller caller, UUID indexId) {
        return EndpointIndex.<EndpointIndex>find(
                        "id = ?1 and endpointId in (select e.id from Endpoint e where e.environmentId = ?2)",
                        indexId,
                        caller.environmentId())
                .firstResult()
                .onItem()
                .ifNull()
                .failWith(() -> new NotFound("Endpoint index"));
    }

    @WithSession
    public Uni<EndpointIndex> reload(UUID indexId) {
        return EndpointIndex.findById(indexId);
    }

    private Uni<EndpointIndex> create(
            UUID endpointId, IndexSource source, String reason, JsonNode sourceData, IndexStatus status) {
        EndpointIndex index = new EndpointIndex();
        index.endpointId = endpointId;
        index.source = source;
        index.status = status;
        index.reason = reason;
        index.sourceData = sourceData;
        if (status == IndexStatus.STARTED) {
            index.attempts = FIRST_ATTEMPT;
            index.startedAt = java.time.Instant.now();
        }
        return index.persist();
    }
}
