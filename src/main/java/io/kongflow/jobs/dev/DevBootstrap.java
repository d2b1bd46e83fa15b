package io.kongflow.jobs.dev;

import io.kongflow.jobs.config.KongflowConfig;
import io.kongflow.jobs.persistence.EnvironmentType;
import io.kongflow.jobs.persistence.Organization;
import io.kongflow.jobs.tenancy.TenancyService;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Creates a development tenant at start (dev profile): an organization, a project, and DEVELOPMENT
 * and PRODUCTION environments, logging their keys — which exist nowhere else — once.
 */
@ApplicationScoped
public class DevBootstrap {

    private final KongflowConfig config;
    private final TenancyService tenancy;

    public DevBootstrap(KongflowConfig config, TenancyService tenancy) {
        this.config = config;
        this.tenancy = tenancy;
    }

    void onStart(@Observes StartupEvent event) throws Throwable {
        if (!config.bootstrap().enabled()) {
            return;
        }
        KongflowConfig.Bootstrap bootstrap = config.bootstrap();
        Long organizations =
                VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> Organization.count()));
        if (organizations > 0) {
            Log.infof(
                    "Dev bootstrap: tenants exist already; rotate a key with POST /api/admin/v1/environments/{id}/rotate-key");
            return;
        }
        VertxContextSupport.subscribeAndAwait(() -> tenancy.createOrganization(bootstrap.organization(), "Development")
                .chain(() -> tenancy.createProject(bootstrap.organization(), bootstrap.project(), "Default project"))
                .chain(() -> createAndLog(bootstrap.project(), "dev", EnvironmentType.DEVELOPMENT))
                .chain(() -> createAndLog(bootstrap.project(), "prod", EnvironmentType.PRODUCTION)));
    }

    private Uni<Void> createAndLog(String project, String slug, EnvironmentType type) {
        return tenancy.createEnvironment(project, slug, type)
                .invoke(created -> Log.infof(
                        "Dev bootstrap: %s environment '%s' (id %s) API key: %s",
                        type, slug, created.environment().id, created.apiKey()))
                .replaceWithVoid();
    }
}
