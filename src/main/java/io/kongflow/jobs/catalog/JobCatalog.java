package io.kongflow.jobs.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kongflow.jobs.catalog.CatalogViews.EnvironmentStatus;
import io.kongflow.jobs.catalog.CatalogViews.JobDetail;
import io.kongflow.jobs.catalog.CatalogViews.JobView;
import io.kongflow.jobs.catalog.CatalogViews.Page;
import io.kongflow.jobs.persistence.EnvironmentType;
import io.kongflow.jobs.persistence.Postgres;
import io.kongflow.jobs.persistence.Statements;
import io.kongflow.jobs.persistence.VersionStatus;
import io.kongflow.jobs.problem.NotFound;
import io.kongflow.jobs.tenancy.Caller;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Reads the caller's jobs, each with the version {@code latest} names in the caller's environment. */
@ApplicationScoped
public class JobCatalog {

    /** What a job list may be narrowed to. */
    public record JobFilter(String query, String endpoint, boolean includeInternal, boolean includeDisabled) {}

    // Robust to statistics that lag behind a burst of registrations (autovacuum has not analysed
    // yet): the latest version is looked up per job (LATERAL ... LIMIT 1, on the alias key), never
    // by joining every alias of the environment; and a page walks the project's jobs in slug order
    // (a fenced subquery), so it stops after the page even if the planner believes jobs is tiny.
    // The cursor condition is never "IS NULL OR ...": a cached generic plan could not seek with it.
    private static final String JOBS = """
            SELECT j.id, j.slug, j.title, j.internal, %s
            FROM %s j
            LEFT JOIN LATERAL (
                SELECT v.* FROM job_aliases a JOIN job_versions v ON v.id = a.version_id
                WHERE a.job_id = j.id AND a.environment_id = :environmentId AND a.name = 'latest' LIMIT 1) v ON true
            LEFT JOIN job_queues q ON q.id = v.queue_id
            LEFT JOIN endpoints ep ON ep.id = v.endpoint_id
            """;

    private static final String LIST = JOBS.formatted(VersionJson.SELECT, """
            (SELECT * FROM jobs
             WHERE project_id = :projectId AND deleted_at IS NULL
               AND slug > COALESCE(CAST(:after AS text), '')
               AND (CAST(:pattern AS text) IS NULL OR slug ILIKE CAST(:pattern AS text) OR title ILIKE CAST(:pattern AS text))
               AND (:includeInternal OR NOT internal)
             ORDER BY slug OFFSET 0)""") + """
            WHERE (:includeDisabled OR v.status IS DISTINCT FROM 'DISABLED')
              AND (CAST(:endpoint AS text) IS NULL OR ep.slug = CAST(:endpoint AS text))
            ORDER BY j.slug
            LIMIT :limit""";

    private static final String ONE = JOBS.formatted(VersionJson.SELECT, "jobs")
            + " WHERE j.project_id = :projectId AND j.deleted_at IS NULL AND j.slug = :slug";

    private static final String ENVIRONMENTS = """
            SELECT e.slug, e.type, v.version, v.status FROM runtime_environments e
            LEFT JOIN job_aliases a ON a.environment_id = e.id AND a.job_id = :jobId AND a.name = 'latest'
            LEFT JOIN job_versions v ON v.id = a.version_id
            WHERE e.project_id = :projectId
            ORDER BY e.slug""";

    private final Statements sql;
    private final ObjectMapper mapper;

    public JobCatalog(Postgres postgres, ObjectMapper mapper) {
        this.sql = postgres.statements();
        this.mapper = mapper;
    }

    public Uni<Page<JobView>> list(Caller caller, JobFilter filter, String cursor, int limit) {
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("environmentId", caller.environmentId());
        parameters.put("projectId", caller.projectId());
        parameters.put("after", Cursor.decode(cursor));
        parameters.put(
                "pattern",
                filter.query() == null || filter.query().isBlank() ? null : "%" + escapeLike(filter.query()) + "%");
        parameters.put("includeInternal", filter.includeInternal());
        parameters.put("includeDisabled", filter.includeDisabled());
        parameters.put("endpoint", filter.endpoint());
        parameters.put("limit", limit + 1);
        return sql.rows(LIST, parameters).map(rows -> {
            List<JobView> jobs = rows.stream().limit(limit).map(this::job).toList();
            String next = rows.size() > limit
                    ? Cursor.encode(jobs.get(jobs.size() - 1).slug())
                    : null;
            return new Page<>(jobs, next);
        });
    }

    public Uni<JobDetail> get(Caller caller, String slug) {
        return sql.row(
                        ONE,
                        Map.of("environmentId", caller.environmentId(), "projectId", caller.projectId(), "slug", slug))
                .onItem()
                .ifNull()
                .failWith(() -> new NotFound("Job '" + slug + "'"))
                .chain(row -> sql.rows(ENVIRONMENTS, Map.of("jobId", row[0], "projectId", caller.projectId()))
                        .map(environments -> {
                            JobView job = job(row);
                            return new JobDetail(
                                    job.id(),
                                    job.slug(),
                                    job.title(),
                                    job.internal(),
                                    false,
                                    job.latestVersion(),
                                    environments.stream()
                                            .map(JobCatalog::status)
                                            .toList());
                        }));
    }

    private JobView job(Object[] row) {
        return new JobView(
                (UUID) row[0],
                (String) row[1],
                (String) row[2],
                (Boolean) row[3],
                false,
                VersionJson.parse(mapper, row[4]));
    }

    private static EnvironmentStatus status(Object[] row) {
        return new EnvironmentStatus(
                (String) row[0],
                EnvironmentType.valueOf((String) row[1]),
                (String) row[2],
                row[3] == null ? null : VersionStatus.valueOf((String) row[3]));
    }

    private static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
