package io.kongflow.jobs.catalog;

import io.kongflow.jobs.persistence.EnvironmentType;
import io.kongflow.jobs.persistence.VersionStatus;
import io.kongflow.jobs.registration.RegistrationResult.VersionView;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What the read API answers about jobs, versions and aliases. */
public final class CatalogViews {

    private CatalogViews() {}

    /** A job with the version {@code latest} names in the caller's environment (null when none). */
    public record JobView(
            UUID id,
            String slug,
            String title,
            boolean internal,
            boolean deleted,
            @Schema(nullable = true) VersionView latestVersion) {}

    /** A job, its latest version, and where it stands in every environment of the project. */
    public record JobDetail(
            UUID id,
            String slug,
            String title,
            boolean internal,
            boolean deleted,
            @Schema(nullable = true) VersionView latestVersion,
            List<EnvironmentStatus> environments) {}

    /** The {@code latest} version of a job in one environment (both null when never registered there). */
    public record EnvironmentStatus(
            String environment,
            EnvironmentType type,
            @Schema(nullable = true) String latestVersion,
            @Schema(nullable = true) VersionStatus status) {}

    /** A page of a list; {@code nextCursor} is null on the last page. */
    public record Page<T>(
            List<T> data, @Schema(nullable = true) String nextCursor) {}

    public record PinAlias(
            @jakarta.validation.constraints.NotBlank @Schema(examples = "1.0.0", description = "An existing version of the job in the caller's environment")
            String version) {}
}
