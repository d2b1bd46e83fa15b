package io.kongflow.jobs.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kongflow.jobs.catalog.CatalogViews.Page;
import io.kongflow.jobs.persistence.NativeSql;
import io.kongflow.jobs.problem.NotFound;
import io.kongflow.jobs.registration.RegistrationResult.VersionView;
import io.kongflow.jobs.registration.VersionOrder;
import io.kongflow.jobs.tenancy.Caller;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
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

    /** Version order, newest first; equal-precedence versions (1.0.0, v1.0.0, 1.0.0+b) by their text. */
    private static final Comparator<String> NEWEST_FIRST =
            VersionOrder.STRINGS.thenComparing(Comparator.naturalOrder()).reversed();

    private final ObjectMapper mapper;

    public VersionCatalog(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** Semantic-version order is not SQL's: the job's versions are sorted here, then paged. */
    @WithSession
    public Uni<Page<VersionView>> list(Caller caller, String jobSlug, String cursor, int limit) {
        String after = Cursor.decode(cursor);
        return JobIds.of(caller, jobSlug)
                .chain(() -> NativeSql.rows(OF_JOB, Map.of("environmentId", caller.environmentId(),
                        "projectId", caller.projectId(), "slug", jobSlug)))
                .map(rows -> {
                    List<Object[]> sorted = new ArrayList<>(rows);
                    sorted.sort(Comparator.comparing(row -> (String) row[0], NEWEST_FIRST));
                    List<Object[]> rest = after == null ? sorted
                            : sorted.stream().filter(row -> NEWEST_FIRST.compare((String) row[0], after) > 0).toList();
                    List<VersionView> page = rest.stream().limit(limit).map(row -> VersionJson.parse(mapper, row[1])).toList();
                    String next = rest.size() > limit ? Cursor.encode(page.get(page.size() - 1).version()) : null;
                    return new Page<>(page, next);
                });
    }

    @WithSession
    public Uni<VersionView> get(Caller caller, String jobSlug, String version) {
        return NativeSql.rows(OF_JOB + " AND v.version = :version",
                        Map.of("environmentId", caller.environmentId(), "projectId", caller.projectId(),
                                "slug", jobSlug, "version", version))
                .map(rows -> one(rows, "Version '" + version + "' of job '" + jobSlug + "'"));
    }

    @WithSession
    public Uni<VersionView> get(Caller caller, UUID versionId) {
        return NativeSql.rows(BY_ID, Map.of("environmentId", caller.environmentId(),
                        "projectId", caller.projectId(), "versionId", versionId))
                .map(rows -> one(rows, "Job version"));
    }

    private VersionView one(List<Object[]> rows, String what) {
        if (rows.isEmpty()) {
            throw new NotFound(what);
        }
        return VersionJson.parse(mapper, rows.get(0)[1]);
    }
}
