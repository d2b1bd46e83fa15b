package io.kongflow.jobs.runs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.kongflow.jobs.persistence.Parameters;
import io.kongflow.jobs.persistence.Postgres;
import io.kongflow.jobs.persistence.Statements;
import io.kongflow.jobs.problem.Conflict;
import io.kongflow.jobs.problem.InvalidInput;
import io.kongflow.jobs.problem.NotFound;
import io.kongflow.jobs.runs.RunFactory.NewEvent;
import io.kongflow.jobs.runs.RunViews.InvokeRequest;
import io.kongflow.jobs.runs.RunViews.RunDetail;
import io.kongflow.jobs.runs.RunViews.TestRequest;
import io.kongflow.jobs.tenancy.Caller;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;

/**
 * Test runs and invocations: each in one transaction, an event record of its own and one
 * QUEUED run of exactly the target version. The event is never delivered to other jobs.
 */
@ApplicationScoped
public class CreateRuns {

    /** A run and whether this request created it (false: an idempotent repeat). */
    public record Created(RunDetail run, boolean isNew) {}

    private static final String INVOKE_EVENT = "invoke";
    private static final String INVOKE_SOURCE = "trigger.dev";
    private static final String EXAMPLE_PAYLOAD = """
            SELECT CAST(payload AS text) AS payload FROM event_examples
            WHERE job_version_id = :versionId AND slug = :exampleId""";

    private final Postgres postgres;
    private final RunTargets targets;
    private final RunFactory factory;
    private final RunCatalog catalog;
    private final ObjectMapper mapper;

    CreateRuns(Postgres postgres, RunTargets targets, RunFactory factory, RunCatalog catalog, ObjectMapper mapper) {
        this.postgres = postgres;
        this.targets = targets;
        this.factory = factory;
        this.catalog = catalog;
        this.mapper = mapper;
    }

    public Uni<RunDetail> test(Caller caller, String slug, TestRequest request) {
        TestRequest test = request == null ? new TestRequest(null, null, null, null) : request;
        if (test.exampleId() != null
                && test.payload() != null
                && !test.payload().isNull()) {
            return Uni.createFrom()
                    .failure(new InvalidInput("exampleId", "names an example while a payload is given: give one"));
        }
        return postgres.transaction(sql -> test(sql, caller, slug, test));
    }

    private Uni<RunDetail> test(Statements sql, Caller caller, String slug, TestRequest request) {
        return targets.find(sql, caller, slug, request.version())
                .chain(target -> testPayload(sql, target, request).chain(payload -> {
                    NewEvent event = new NewEvent(
                            "test:" + target.eventName() + ":" + UUID.randomUUID(),
                            target.eventName(),
                            target.eventSource(),
                            ExampleMarkers.fill(payload, Instant.now()),
                            emptyObject(),
                            true,
                            request.accountId());
                    return factory.create(sql, caller, slug, target, event, null);
                }))
                .chain(runId -> catalog.get(sql, caller, runId));
    }

    private Uni<JsonNode> testPayload(Statements sql, RunTarget target, TestRequest request) {
        if (request.exampleId() == null) {
            return Uni.createFrom().item(orEmpty(request.payload()));
        }
        Parameters example = Parameters.with("versionId", target.versionId()).and("exampleId", request.exampleId());
        return sql.first(EXAMPLE_PAYLOAD, example, row -> orEmpty(json(row.getString("payload"))))
                .onItem()
                .ifNull()
                .failWith(() ->
                        new NotFound("Example '" + request.exampleId() + "' of version '" + target.version() + "'"));
    }

    /** With an idempotency key, a repeat answers the run the key created, and writes nothing. */
    public Uni<Created> invoke(Caller caller, String slug, String idempotencyKey, InvokeRequest request) {
        return postgres.transaction(sql -> invoke(sql, caller, slug, idempotencyKey, request));
    }

    private Uni<Created> invoke(
            Statements sql, Caller caller, String slug, String idempotencyKey, InvokeRequest request) {
        Uni<RunDetail> earlier =
                idempotencyKey == null ? Uni.createFrom().nullItem() : catalog.byEventId(sql, caller, idempotencyKey);
        return earlier.chain(run -> run != null
                ? Uni.createFrom().item(repeat(run, slug))
                : targets.find(sql, caller, slug, null).chain(target -> {
                    var options = request == null ? null : request.options();
                    NewEvent event = new NewEvent(
                            idempotencyKey != null
                                    ? idempotencyKey
                                    : UUID.randomUUID().toString(),
                            INVOKE_EVENT,
                            INVOKE_SOURCE,
                            orEmpty(request == null ? null : request.payload()),
                            orEmpty(request == null ? null : request.context()),
                            false,
                            options == null ? null : options.accountId());
                    return factory.create(
                                    sql, caller, slug, target, event, options == null ? null : options.callbackUrl())
                            .chain(runId -> runId != null
                                    ? catalog.get(sql, caller, runId).map(created -> new Created(created, true))
                                    // A concurrent request with the same key won the insert and has committed.
                                    : catalog.byEventId(sql, caller, idempotencyKey)
                                            .map(other -> repeat(other, slug)));
                }));
    }

    private static Created repeat(RunDetail run, String slug) {
        if (run == null) {
            throw new Conflict("The idempotency key names an event that started no run");
        }
        if (!run.job().slug().equals(slug)) {
            throw new Conflict(
                    "The idempotency key was used to invoke job '" + run.job().slug() + "'");
        }
        return new Created(run, false);
    }

    private JsonNode json(String text) {
        if (text == null) {
            return null;
        }
        try {
            return mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The database returned invalid JSON", e);
        }
    }

    private static JsonNode orEmpty(JsonNode node) {
        return node == null || node.isNull() ? emptyObject() : node;
    }

    private static JsonNode emptyObject() {
        return JsonNodeFactory.instance.objectNode();
    }
}
