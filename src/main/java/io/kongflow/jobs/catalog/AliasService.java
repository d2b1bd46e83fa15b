package io.kongflow.jobs.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kongflow.jobs.catalog.CatalogViews.AliasView;
import io.kongflow.jobs.persistence.Postgres;
import io.kongflow.jobs.persistence.Statements;
import io.kongflow.jobs.problem.NotFound;
import io.kongflow.jobs.registration.DispatcherReset;
import io.kongflow.jobs.registration.TriggerReader;
import io.kongflow.jobs.tenancy.Caller;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Lists a job's aliases in the caller's environment and points one at an existing version (pin,
 * promote, roll back). Moving {@code latest} moves the dispatcher with it. Later registrations
 * move {@code latest} again only for a version new to the environment and higher than all others.
 */
@ApplicationScoped
public class AliasService {

    public static final String LATEST = "latest";

    private static final String LIST = """
            SELECT a.name, a.value, a.version_id, a.updated_at FROM job_aliases a JOIN jobs j ON j.id = a.job_id
            WHERE a.environment_id = :environmentId AND j.project_id = :projectId AND j.slug = :slug
              AND j.deleted_at IS NULL
            ORDER BY a.name""";

    private static final String LOCK_JOB = """
            SELECT id FROM jobs WHERE project_id = :projectId AND slug = :slug AND deleted_at IS NULL
            FOR NO KEY UPDATE""";

    private static final String VERSION = """
            SELECT id, trigger::text, status FROM job_versions
            WHERE job_id = :jobId AND environment_id = :environmentId AND version = :version""";

    private static final String UPSERT = """
            INSERT INTO job_aliases (job_id, environment_id, version_id, name, value)
            VALUES (:jobId, :environmentId, :versionId, :name, :value)
            ON CONFLICT (job_id, environment_id, name) DO UPDATE SET
                version_id = EXCLUDED.version_id, value = EXCLUDED.value, updated_at = now()
            RETURNING updated_at""";

    private final Postgres postgres;
    private final DispatcherReset dispatcher;
    private final ObjectMapper mapper;

    public AliasService(Postgres postgres, DispatcherReset dispatcher, ObjectMapper mapper) {
        this.postgres = postgres;
        this.dispatcher = dispatcher;
        this.mapper = mapper;
    }

    public Uni<List<AliasView>> list(Caller caller, String slug) {
        Statements sql = postgres.statements();
        return JobIds.of(sql, caller, slug)
                .chain(() -> sql.rows(
                        LIST,
                        Map.of("environmentId", caller.environmentId(), "projectId", caller.projectId(), "slug", slug)))
                .map(rows -> rows.stream()
                        .map(row -> new AliasView(
                                (String) row[0], (String) row[1], (UUID) row[2], ((OffsetDateTime) row[3]).toInstant()))
                        .toList());
    }

    /** Points the alias at that version, under the job row lock that registrations take too. */
    public Uni<AliasView> pin(Caller caller, String slug, String name, String version) {
        return postgres.transaction(sql -> pin(sql, caller, slug, name, version));
    }

    private Uni<AliasView> pin(Statements sql, Caller caller, String slug, String name, String version) {
        return sql.<UUID>column(LOCK_JOB, Map.of("projectId", caller.projectId(), "slug", slug))
                .map(ids -> {
                    if (ids.isEmpty()) {
                        throw new NotFound("Job '" + slug + "'");
                    }
                    return ids.get(0);
                })
                .chain(jobId -> sql.row(
                                VERSION,
                                Map.of("jobId", jobId, "environmentId", caller.environmentId(), "version", version))
                        .onItem()
                        .ifNull()
                        .failWith(() -> new NotFound("Version '" + version + "' of job '" + slug + "'"))
                        .chain(target -> point(sql, caller, slug, name, version, jobId, target)));
    }

    private Uni<AliasView> point(
            Statements sql, Caller caller, String slug, String name, String version, UUID jobId, Object[] target) {
        UUID versionId = (UUID) target[0];
        return sql.<OffsetDateTime>column(
                        UPSERT,
                        Map.of(
                                "jobId",
                                jobId,
                                "environmentId",
                                caller.environmentId(),
                                "versionId",
                                versionId,
                                "name",
                                name,
                                "value",
                                version))
                .call(() -> !LATEST.equals(name)
                        ? Uni.createFrom().voidItem()
                        : dispatcher.reset(
                                sql,
                                new DispatcherReset.Target(
                                        caller.environmentId(),
                                        jobId,
                                        slug,
                                        versionId,
                                        TriggerReader.stored(readTree((String) target[1])),
                                        "ACTIVE".equals(target[2]))))
                .map(updated ->
                        new AliasView(name, version, versionId, updated.get(0).toInstant()));
    }

    private JsonNode readTree(String json) {
        try {
            return mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored trigger is not JSON", e);
        }
    }
}
