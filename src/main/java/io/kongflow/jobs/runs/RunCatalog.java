package io.kongflow.jobs.runs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kongflow.jobs.catalog.Cursor;
import io.kongflow.jobs.catalog.JobIds;
import io.kongflow.jobs.persistence.NativeSql;
import io.kongflow.jobs.persistence.RunStatus;
import io.kongflow.jobs.problem.InvalidInput;
import io.kongflow.jobs.problem.NotFound;
import io.kongflow.jobs.runs.RunViews.EventView;
import io.kongflow.jobs.runs.RunViews.JobRef;
import io.kongflow.jobs.runs.RunViews.QueueRef;
import io.kongflow.jobs.runs.RunViews.RunDetail;
import io.kongflow.jobs.runs.RunViews.RunPage;
import io.kongflow.jobs.runs.RunViews.RunSummary;
import io.kongflow.jobs.runs.RunViews.VersionRef;
import io.kongflow.jobs.tenancy.Caller;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Reads runs of the caller's environment. Callers provide the session. */
@ApplicationScoped
public class RunCatalog {

    private static final String DETAIL = """
            SELECT r.id, r.number, r.status, r.is_test, r.internal, r.preprocess, r.created_at, r.queued_at,
                   r.started_at, r.completed_at, r.updated_at, j.id, j.slug, v.id, v.version, q.id, q.name,
                   e.id, e.event_id, e.name, e.source, e.payload::text, e.context::text, e.timestamp, e.is_test,
                   COALESCE((SELECT json_agg(s.url ORDER BY s.url) FROM job_run_subscriptions s WHERE s.run_id = r.id)::text, '[]')
            FROM job_runs r
            JOIN jobs j ON j.id = r.job_id
            JOIN job_versions v ON v.id = r.version_id
            JOIN job_queues q ON q.id = r.queue_id
            JOIN event_records e ON e.id = r.event_id
            WHERE r.environment_id = :environmentId""";

    private static final String BY_ID = DETAIL + " AND r.id = :runId";
    private static final String BY_EVENT = DETAIL + " AND e.event_id = :eventId";

    private static final String PAGE = """
            SELECT r.id, r.number, r.status, r.is_test, r.started_at, r.updated_at, r.completed_at
            FROM job_runs r JOIN jobs j ON j.id = r.job_id
            WHERE r.environment_id = :environmentId AND j.project_id = :projectId AND j.slug = :slug
              AND r.number < COALESCE(CAST(:before AS integer), 2147483647)
            ORDER BY r.number DESC
            LIMIT :limit""";

    private final ObjectMapper mapper;

    public RunCatalog(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public Uni<RunDetail> get(Caller caller, UUID runId) {
        return NativeSql.row(BY_ID, Map.of("environmentId", caller.environmentId(), "runId", runId))
                .onItem()
                .ifNull()
                .failWith(() -> new NotFound("Run"))
                .map(this::detail);
    }

    /** The run created for that event id, or a null item. */
    Uni<RunDetail> byEventId(Caller caller, String eventId) {
        return NativeSql.row(BY_EVENT, Map.of("environmentId", caller.environmentId(), "eventId", eventId))
                .map(row -> row == null ? null : detail(row));
    }

    /** Newest first; the cursor is the number of the last run of the previous page. */
    public Uni<RunPage> page(Caller caller, String slug, String cursor, int take) {
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("environmentId", caller.environmentId());
        parameters.put("projectId", caller.projectId());
        parameters.put("slug", slug);
        parameters.put("before", before(cursor));
        parameters.put("limit", take + 1);
        return JobIds.of(caller, slug)
                .chain(() -> NativeSql.rows(PAGE, parameters))
                .map(rows -> {
                    List<RunSummary> runs = new ArrayList<>();
                    for (Object[] row : rows.subList(0, Math.min(take, rows.size()))) {
                        runs.add(new RunSummary(
                                (UUID) row[0],
                                (Integer) row[1],
                                RunStatus.valueOf((String) row[2]),
                                (Boolean) row[3],
                                instant(row[4]),
                                instant(row[5]),
                                instant(row[6])));
                    }
                    String next = rows.size() > take
                            ? Cursor.encode(Integer.toString(runs.get(take - 1).number()))
                            : null;
                    return new RunPage(runs, next);
                });
    }

    private static Integer before(String cursor) {
        String key = Cursor.decode(cursor);
        if (key == null) {
            return null;
        }
        try {
            return Integer.valueOf(key);
        } catch (NumberFormatException e) {
            throw new InvalidInput("cursor", "is not a cursor returned by this API");
        }
    }

    private RunDetail detail(Object[] row) {
        return new RunDetail(
                (UUID) row[0],
                (Integer) row[1],
                RunStatus.valueOf((String) row[2]),
                (Boolean) row[3],
                (Boolean) row[4],
                (Boolean) row[5],
                instant(row[6]),
                instant(row[7]),
                instant(row[8]),
                instant(row[9]),
                instant(row[10]),
                new JobRef((UUID) row[11], (String) row[12]),
                new VersionRef((UUID) row[13], (String) row[14]),
                new QueueRef((UUID) row[15], (String) row[16]),
                new EventView(
                        (UUID) row[17],
                        (String) row[18],
                        (String) row[19],
                        (String) row[20],
                        json(row[21]),
                        json(row[22]),
                        instant(row[23]),
                        (Boolean) row[24]),
                urls(json(row[25])));
    }

    private static List<String> urls(JsonNode array) {
        List<String> urls = new ArrayList<>();
        array.forEach(url -> urls.add(url.asText()));
        return urls;
    }

    private JsonNode json(Object text) {
        try {
            return mapper.readTree((String) text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The database returned invalid JSON", e);
        }
    }

    static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        return value instanceof OffsetDateTime offset ? offset.toInstant() : (Instant) value;
    }
}
