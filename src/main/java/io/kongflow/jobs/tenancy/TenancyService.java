package io.kongflow.jobs.tenancy;

import io.kongflow.jobs.persistence.CatalogChanges;
import io.kongflow.jobs.persistence.EnvironmentType;
import io.kongflow.jobs.persistence.Organization;
import io.kongflow.jobs.persistence.Project;
import io.kongflow.jobs.persistence.RuntimeEnvironment;
import io.kongflow.jobs.problem.Conflict;
import io.kongflow.jobs.problem.NotFound;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** Creates and lists organizations, projects and environments, and mints their API keys. */
@ApplicationScoped
public class TenancyService {

    private final ApiKeyVault vault;
    private final CatalogChanges catalog;

    public TenancyService(ApiKeyVault vault, CatalogChanges catalog) {
        this.vault = vault;
        this.catalog = catalog;
    }

    /** An environment together with its new secret key, which exists nowhere else. */
    public record EnvironmentWithKey(RuntimeEnvironment environment, String apiKey) {}

    @WithTransaction
    public Uni<Organization> createOrganization(String slug, String title) {
        return Organization.count("slug", slug).chain(existing -> {
            if (existing > 0) {
                return Uni.createFrom().failure(new Conflict("Organization '" + slug + "' already exists"));
            }
            Organization organization = new Organization();
            organization.slug = slug;
            organization.title = title;
            return organization.<Organization>persist();
        });
    }

    @WithSession
    public Uni<List<Organization>> organizations() {
        return Organization.listAll(io.quarkus.panache.common.Sort.by("slug"));
    }

    @WithTransaction
    public Uni<Project> createProject(String organizationSlug, String slug, String name) {
        return organization(organizationSlug)
                .call(organization -> Project.count("slug", slug).invoke(existing -> {
                    if (existing > 0) {
                        throw new Conflict("Project '" + slug + "' already exists");
                    }
                }))
                .chain(organization -> {
                    Project project = new Project();
                    project.organizationId = organization.id;
                    project.slug = slug;
                    project.name = name;
                    return project.<Project>persist();
                });
    }

    @WithSession
    public Uni<List<Project>> projects(String organizationSlug) {
        return organization(organizationSlug)
                .chain(organization -> Project.list("organizationId = ?1 order by slug", organization.id));
    }

    /** A new environment shows in every job of its project (its environments), hence the catalog change. */
    public Uni<EnvironmentWithKey> createEnvironment(String projectSlug, String slug, EnvironmentType type) {
        return Panache.withTransaction(() -> newEnvironment(projectSlug, slug, type))
                .invoke(created -> catalog.changed(created.environment().projectId));
    }

    private Uni<EnvironmentWithKey> newEnvironment(String projectSlug, String slug, EnvironmentType type) {
        return project(projectSlug)
                .call(project -> RuntimeEnvironment.count("projectId = ?1 and slug = ?2", project.id, slug)
                        .invoke(existing -> {
                            if (existing > 0) {
                                throw new Conflict(
                                        "Environment '" + slug + "' already exists in project '" + projectSlug + "'");
                            }
                        }))
                .chain(project -> {
                    String apiKey = ApiKeys.mint(type);
                    RuntimeEnvironment environment = new RuntimeEnvironment();
                    environment.organizationId = project.organizationId;
                    environment.projectId = project.id;
                    environment.slug = slug;
                    environment.type = type;
                    environment.apiKeyHash = ApiKeys.hash(apiKey);
                    environment.apiKeyCiphertext = vault.encrypt(apiKey);
                    return environment
                            .<RuntimeEnvironment>persist()
                            .map(saved -> new EnvironmentWithKey(saved, apiKey));
                });
    }

    @WithSession
    public Uni<List<RuntimeEnvironment>> environments(String projectSlug) {
        return project(projectSlug)
                .chain(project -> RuntimeEnvironment.list("projectId = ?1 order by slug", project.id));
    }

    /** Replaces the environment's key; the old one stops working at once. */
    @WithTransaction
    public Uni<String> rotateKey(UUID environmentId) {
        return RuntimeEnvironment.<RuntimeEnvironment>findById(environmentId)
                .onItem()
                .ifNull()
                .failWith(() -> new NotFound("Environment"))
                .map(environment -> {
                    String apiKey = ApiKeys.mint(environment.type);
                    environment.apiKeyHash = ApiKeys.hash(apiKey);
                    environment.apiKeyCiphertext = vault.encrypt(apiKey);
                    return apiKey;
                });
    }

    private Uni<Organization> organization(String slug) {
        return Organization.<Organization>find("slug", slug)
                .firstResult()
                .onItem()
                .ifNull()
                .failWith(() -> new NotFound("Organization"));
    }

    private Uni<Project> project(String slug) {
        return Project.<Project>find("slug", slug)
                .firstResult()
                .onItem()
                .ifNull()
                .failWith(() -> new NotFound("Project"));
    }
}
