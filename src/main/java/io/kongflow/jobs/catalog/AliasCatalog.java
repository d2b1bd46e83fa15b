package io.kongflow.jobs.catalog;

import io.kongflow.jobs.persistence.JobRows;
import io.kongflow.jobs.persistence.Parameters;
import io.kongflow.jobs.persistence.Postgres;
import io.kongflow.jobs.persistence.Statements;
import io.kongflow.jobs.registration.AliasView;
import io.kongflow.jobs.tenancy.Caller;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Lists a job's aliases in the caller's environment. */
@ApplicationScoped
public class AliasCatalog {

    private static final String LIST = """
            SELECT a.name, a.value, a.version_id, a.updated_at FROM job_aliases a JOIN jobs j ON j.id = a.job_id
            WHERE a.environment_id = :environmentId AND j.project_id = :projectId AND j.slug = :slug
              AND j.deleted_at IS NULL
            ORDER BY a.name""";

    private final Statements sql;
    private final CatalogCache cache;

    public AliasCatalog(Postgres postgres, CatalogCache cache) {
        this.sql = postgres.statements();
        this.cache = cache;
    }

    public Uni<List<AliasView>> list(Caller caller, String slug) {
        return cache.read(caller, "aliases", slug, null, () -> read(caller, slug));
    }

    private Uni<List<AliasView>> read(Caller caller, String slug) {
        Parameters parameters = Parameters.with("environmentId", caller.environmentId())
                .and("projectId", caller.projectId())
                .and("slug", slug);
        return JobRows.require(sql, caller.projectId(), slug, JobRows.Lock.NONE)
                .chain(() -> sql.list(LIST, parameters, AliasCatalog::alias));
    }

    private static AliasView alias(Row row) {
        return new AliasView(
                row.getString("name"),
                row.getString("value"),
                row.getUUID("version_id"),
                row.getOffsetDateTime("updated_at").toInstant());
    }
}
