package io.kongflow.jobs.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kongflow.jobs.catalog.CatalogViews.Page;
import io.kongflow.jobs.persistence.Cursor;
import io.kongflow.jobs.persistence.JobRows;
import io.kongflow.jobs.persistence.Parameters;
import io.kongflow.jobs.persistence.Postgres;
import io.kongflow.jobs.persistence.Statements;
import io.kongflow.jobs.problem.NotFound;
import io.kongflow.jobs.registration.RegistrationResult.VersionView;
import io.kongflow.jobs.registration.VersionOrder;
import io.kongflow.jobs.tenancy.Caller;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** Reads the versions of a job in the caller's environment, newest first by version order. */
@ApplicationScoped
public class VersionCatalog {

    private static final String VERSIONS = """
            SELECT v.version, %s
            FROM job_versions v
            JOIN jobs j ON j.id = v.job_id
            JOIN job_queues q ON q.id = v.queue_id
            WHERE v.environment_id = :environmentId AND j.project_id = :projectId AND j.deleted_at IS NULL
            """.formatted(VersionJson.SELECT);

    private static final String OF_JOB = VERSIONS + " AND j.slug = :slug";
    private static final String BY_ID = VERSIONS + " AND v.id = :versionId";

    /**
     * Version order newest first ({@code version_rank}, see {@link VersionOrder#rank()}); versions of
     * equal precedence (1.0.0, v1.0.0, 1.0.0+b) by their text. Keyset pagination on that pair; the
     * first page starts below {@code \xff}, above every rank (ranks start with 1 or 2).
     */
    private static final String PAGE = OF_JOB + """
              AND (v.version_rank, v.version)
                  < (COALESCE(CAST(:afterRank AS bytea), '\\xff'::bytea), COALESCE(CAST(:afterVersion AS text), ''))
            ORDER BY v.version_rank DESC, v.version DESC
            LIMIT :limit""";

    private final Statements sql;
    private final ObjectMapper mapper;
    private final CatalogCache cache;

    public VersionCatalog(Postgres postgres, ObjectMapper mapper, CatalogCache cache) {
        this.sql = postgres.statements();
        this.mapper = mapper;
        this.cache = cache;
    }

    /** The cursor is the text of the last version of the previous page. */
    public Uni<Page<VersionView>> list(Caller caller, String jobSlug, String cursor, int limit) {
        String after = Cursor.decode(cursor);
        Parameters parameters = Parameters.with("environmentId", caller.environmentId())
                .and("projectId", caller.projectId())
                .and("slug", jobSlug)
                .and(
                        "afterRank",
                        after == null
                                ? null
                                : Buffer.buffer(VersionOrder.parse(after).rank()))
                .and("afterVersion", after)
                .and("limit", limit + 1);
        return JobRows.require(sql, caller.projectId(), jobSlug, JobRows.Lock.NONE)
                .chain(() -> sql.list(PAGE, parameters, this::version))
                .map(rows -> {
                    List<VersionView> page = rows.stream().limit(limit).toList();
                    String next = rows.size() > limit
                            ? Cursor.encode(page.get(page.size() - 1).version())
                            : null;
                    return new Page<>(page, next);
                });
    }

    public Uni<VersionView> get(Caller caller, String jobSlug, String version) {
        return cache.read(
                caller,
                "version",
                jobSlug,
                version,
                () -> one(
                        OF_JOB + " AND v.version = :version",
                        scope(caller).and("slug", jobSlug).and("version", version),
                        "Version '" + version + "' of job '" + jobSlug + "'"));
    }

    public Uni<VersionView> get(Caller caller, UUID versionId) {
        return cache.read(
                caller,
                "version-by-id",
                versionId.toString(),
                null,
                () -> one(BY_ID, scope(caller).and("versionId", versionId), "Job version"));
    }

    private Uni<VersionView> one(String query, Parameters parameters, String what) {
        return sql.first(query, parameters, this::version).onItem().ifNull().failWith(() -> new NotFound(what));
    }

    private static Parameters scope(Caller caller) {
        return Parameters.with("environmentId", caller.environmentId()).and("projectId", caller.projectId());
    }

    private VersionView version(Row row) {
        return VersionJson.parse(mapper, row.getString(VersionJson.COLUMN));
    }
}
