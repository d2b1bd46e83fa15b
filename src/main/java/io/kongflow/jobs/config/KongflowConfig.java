package io.kongflow.jobs.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Optional;

/** The service's own settings, under the {@code kongflow.} prefix. */
@ConfigMapping(prefix = "kongflow")
public interface KongflowConfig {

    /** Bearer token of the admin API; while unset, admin routes answer 404 (never open). */
    Optional<String> adminToken();

    /** The development tenant created at start. */
    Bootstrap bootstrap();

    interface Bootstrap {
        /** Create an organization, a project and DEVELOPMENT/PRODUCTION environments when none exist. */
        @WithDefault("false")
        boolean enabled();

        /** Slug of the bootstrap organization. */
        @WithDefault("kongflow")
        String organization();

        /** Slug of the bootstrap project. */
        @WithDefault("default")
        String project();
    }
}
