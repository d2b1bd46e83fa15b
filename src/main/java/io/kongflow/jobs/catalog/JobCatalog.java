package io.kongflow.jobs.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kongflow.jobs.catalog.CatalogViews.EnvironmentStatus;
import io.kongflow.jobs.catalog.CatalogViews.JobDetail;
import io.kongflow.jobs.catalog.CatalogViews.JobView;
import io.kongflow.jobs.catalog.CatalogViews.Page;
import io.kongflow.jobs.persistence.AliasName;
import io.kongflow.jobs.persistence.Cursor;
import io.kongflow.jobs.persistence.EnvironmentType;
import io.kongflow.jobs.persistence.Parameters;
import io.kongflow.jobs.persistence.Postgres;
import io.kongflow.jobs.persistence.Statements;
import io.kongflow.jobs.persistence.VersionStatus;
import io.kongflow.jobs.problem.NotFound;
import io.kongflow.jobs.tenancy.Caller;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

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
                WHERE a.job_id = j.id AND a.environment_id = :environmentId AND a.name = %s LIMIT 1) v ON true
            LEFT JOIN job_queues q ON q.id = v.queue_id
            LEFT JOIN endpoints ep ON ep.id = v.endpoint_id
            """.formatted("%s", "%s", AliasName.LATEST_SQL);

    /** Jobs a list statement walks at most (in slug order) before it answers. */
    static final int MAX_STRETCH = 1000;

    // A page walks the project's jobs after the cursor in slug order, one stretch at a time: the
    // LIMIT inside makes it an index walk that stops, whatever the planner believes of the slugs
    // after the cursor (with other projects' slugs in the histogram it once chose to read and sort
    // all of them: a deep page cost 16 ms at 100 000 jobs against 1 ms at 1 000). The jobs of the
    // stretch that pass the version filters make the page; a last row (stretch_end), present when
    // the stretch was full, names where the next stretch starts. The first stretch is the page
    // itself; each next one is 4 times longer, up to MAX_STRETCH.
    private static final String LIST =
            "WITH stretch AS MATERIALIZED (" + """
            SELECT * FROM jobs
            WHERE project_id = :projectId AND deleted_at IS NULL
              AND slug > COALESCE(CAST(:after AS text), '')
              AND (CAST(:pattern AS text) IS NULL OR slug ILIKE CAST(:pattern AS text) OR title ILIKE CAST(:pattern AS text))
              AND (:includeInternal OR NOT internal)
            ORDER BY slug LIMIT :stretch)
            SELECT *, false AS stretch_end FROM (""" + JOBS.formatted(VersionJson.SELECT, "stretch") + """
                WHERE (:includeDisabled OR v.status IS DISTINCT FROM 'DISABLED')
                  AND (CAST(:endpoint AS text) IS NULL OR ep.slug = CAST(:endpoint AS text))
                ORDER BY j.slug
                LIMIT :limit) page
            UNION ALL
            SELECT NULL, max(slug), NULL, NULL, NULL, true FROM stretch HAVING count(*) = :stretch
            ORDER BY stretch_end, slug""";

    // The job's latest version in every environment of its project, in the job's own statement
    // (one round trip for GET job).
    private static final String ENVIRONMENTS = """
            (SELECT CAST(COALESCE(json_agg(json_build_object('slug', e.slug, 'type', e.type, 'version', ev.version,
                    'status', ev.status) ORDER BY e.slug), '[]') AS text)
             FROM runtime_environments e
             LEFT JOIN job_aliases ea ON ea.environment_id = e.id AND ea.job_id = j.id AND ea.name = %s
             LEFT JOIN job_versions ev ON ev.id = ea.version_id
             WHERE e.project_id = :projectId) AS environments""".formatted(AliasName.LATEST_SQL);

    private static final String ONE = JOBS.formatted(VersionJson.SELECT + ", " + ENVIRONMENTS, "jobs")
            + " WHERE j.project_id = :projectId AND j.deleted_at IS NULL AND j.slug = :slug";

    private final Statements sql;
    private final ObjectMapper mapper;
    private final CatalogCache cache;

    public JobCatalog(Postgres postgres, ObjectMapper mapper, CatalogCache cache) {
        this.sql = postgres.statements();
        this.mapper = mapper;
        this.cache = cache;
    }

    public Uni<Page<JobView>> list(Caller caller, JobFilter filter, String cursor, int limit) {
        Parameters parameters = Parameters.with("environmentId", caller.environmentId())
                .and("projectId", caller.projectId())
                .and(
                        "pattern",
                        filter.query() == null || filter.query().isBlank()
                                ? null
                                : "%" + escapeLike(filter.query()) + "%")
                .and("includeInternal", filter.includeInternal())
                .and("includeDisabled", filter.includeDisabled())
                .and("endpoint", filter.endpoint())
                .and("limit", limit + 1);
        return page(parameters, Cursor.decode(cursor), limit + 1, limit, new ArrayList<>());
    }

    /** One stretch after {@code after}, then the next while the page is not full and jobs remain. */
    private Uni<Page<JobView>> page(Parameters parameters, String after, int stretch, int limit, List<JobView> found) {
        parameters.put("after", after);
        parameters.put("stretch", stretch);
        return sql.list(LIST, parameters, row -> row.getBoolean("stretch_end") ? row.getString("slug") : job(row))
                .chain(rows -> {
                    String stretchEnd = null;
                    for (Object row : rows) {
                        if (row instanceof JobView job) {
                            found.add(job);
                        } else {
                            stretchEnd = (String) row;
                        }
                    }
                    if (found.size() <= limit && stretchEnd != null) {
                        return page(parameters, stretchEnd, Math.min(stretch * 4, MAX_STRETCH), limit, found);
                    }
                    List<JobView> jobs = found.stream().limit(limit).toList();
                    String next = found.size() > limit
                            ? Cursor.encode(jobs.get(jobs.size() - 1).slug())
                            : null;
                    return Uni.createFrom().item(new Page<>(jobs, next));
                });
    }

    public Uni<JobDetail> get(Caller caller, String slug) {
        return cache.read(caller, "job", slug, null, () -> read(caller, slug));
    }

    private Uni<JobDetail> read(Caller caller, String slug) {
        Parameters parameters = Parameters.with("environmentId", caller.environmentId())
                .and("projectId", caller.projectId())
                .and("slug", slug);
        return sql.first(ONE, parameters, row -> {
                    JobView job = job(row);
                    return new JobDetail(
                            job.id(),
                            job.slug(),
                            job.title(),
                            job.internal(),
                            false,
                            job.latestVersion(),
                            environments(row.getString("environments")));
                })
                .onItem()
                .ifNull()
                .failWith(() -> new NotFound("Job '" + slug + "'"));
    }

    private JobView job(Row row) {
        return new JobView(
                row.getUUID("id"),
                row.getString("slug"),
                row.getString("title"),
                row.getBoolean("internal"),
                false,
                VersionJson.parse(mapper, row.getString(VersionJson.COLUMN)));
    }

    private List<EnvironmentStatus> environments(String json) {
        try {
            List<EnvironmentStatus> environments = new ArrayList<>();
            for (JsonNode environment : mapper.readTree(json)) {
                JsonNode status = environment.get("status");
                JsonNode version = environment.get("version");
                environments.add(new EnvironmentStatus(
                        environment.get("slug").asText(),
                        EnvironmentType.valueOf(environment.get("type").asText()),
                        version.isNull() ? null : version.asText(),
                        status.isNull() ? null : VersionStatus.valueOf(status.asText())));
            }
            return environments;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The environments of a job do not parse", e);
        }
    }

    private static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
