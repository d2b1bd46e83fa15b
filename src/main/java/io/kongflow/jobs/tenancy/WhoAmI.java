package io.kongflow.jobs.tenancy;

import io.kongflow.jobs.persistence.Parameters;
import io.kongflow.jobs.persistence.Postgres;
import io.kongflow.jobs.persistence.Rows;
import io.kongflow.jobs.problem.NotFound;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The CLI's key check ({@code GET /api/v1/whoami}): the caller's environment with its project and
 * organization, in one statement, in the shape v2 answered (its environment row, without the key).
 */
@ApplicationScoped
public class WhoAmI {

    private static final String READ = """
            SELECT e.id, e.slug, e.type, e.auto_enable_internal_sources, e.created_at, e.updated_at,
                   p.id AS project_id, p.slug AS project_slug, p.name AS project_name,
                   p.created_at AS project_created_at, p.updated_at AS project_updated_at,
                   o.id AS organization_id, o.slug AS organization_slug, o.title AS organization_title,
                   o.created_at AS organization_created_at, o.updated_at AS organization_updated_at
            FROM runtime_environments e
            JOIN projects p ON p.id = e.project_id
            JOIN organizations o ON o.id = e.organization_id
            WHERE e.id = :environmentId""";

    private final Postgres postgres;

    WhoAmI(Postgres postgres) {
        this.postgres = postgres;
    }

    /**
     * The v2 CLI parses {@code pkApiKey} as a string: environments here have no public key, so it
     * is empty; {@code userId} is absent (no users here, as v2 left it for an environment without a member).
     */
    @Schema(name = "WhoAmI")
    public record Environment(
            String id,
            String slug,
            String type,
            String organizationId,
            String projectId,
            boolean autoEnableInternalSources,
            Instant createdAt,
            Instant updatedAt,
            String pkApiKey,
            Project project,
            Organization organization) {

        static Environment from(Row row) {
            return new Environment(
                    row.getUUID("id").toString(),
                    row.getString("slug"),
                    row.getString("type"),
                    row.getUUID("organization_id").toString(),
                    row.getUUID("project_id").toString(),
                    row.getBoolean("auto_enable_internal_sources"),
                    Rows.instant(row, "created_at"),
                    Rows.instant(row, "updated_at"),
                    "",
                    new Project(
                            row.getUUID("project_id").toString(),
                            row.getString("project_slug"),
                            row.getString("project_name"),
                            Rows.instant(row, "project_created_at"),
                            Rows.instant(row, "project_updated_at")),
                    new Organization(
                            row.getUUID("organization_id").toString(),
                            row.getString("organization_slug"),
                            row.getString("organization_title"),
                            Rows.instant(row, "organization_created_at"),
                            Rows.instant(row, "organization_updated_at")));
        }
    }

    /** The environment's project. */
    @Schema(name = "WhoAmIProject")
    public record Project(String id, String slug, String name, Instant createdAt, Instant updatedAt) {}

    /** The environment's organization. */
    @Schema(name = "WhoAmIOrganization")
    public record Organization(String id, String slug, String title, Instant createdAt, Instant updatedAt) {}

    public Uni<Environment> of(Caller caller) {
        return postgres.statements()
                .first(READ, Parameters.with("environmentId", caller.environmentId()), Environment::from)
                .onItem()
                .ifNull()
                .failWith(() -> new NotFound("Environment"));
    }
}
