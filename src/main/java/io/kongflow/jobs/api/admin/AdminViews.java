package io.kongflow.jobs.api.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.kongflow.jobs.persistence.EnvironmentType;
import io.kongflow.jobs.persistence.Organization;
import io.kongflow.jobs.persistence.Project;
import io.kongflow.jobs.persistence.RuntimeEnvironment;
import io.kongflow.jobs.tenancy.Scope;
import io.kongflow.jobs.tenancy.Slugs;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Request and response bodies of the admin API. */
public final class AdminViews {

    private AdminViews() {}

    public record CreateOrganization(
            @NotBlank @Pattern(regexp = Slugs.PATTERN, message = Slugs.MESSAGE) @Schema(examples = "acme")
            String slug,

            @NotBlank @Size(max = 200) @Schema(examples = "Acme Inc.")
            String title) {}

    public record CreateProject(
            @NotBlank @Pattern(regexp = Slugs.PATTERN, message = Slugs.MESSAGE) @Schema(examples = "web-app")
            String slug,

            @NotBlank @Size(max = 200) @Schema(examples = "Web app")
            String name) {}

    public record CreateEnvironment(
            @NotBlank @Pattern(regexp = Slugs.PATTERN, message = Slugs.MESSAGE) @Schema(examples = "prod")
            String slug,

            @NotNull EnvironmentType type) {}

    public record OrganizationView(UUID id, String slug, String title, boolean runsEnabled, Instant createdAt) {
        public static OrganizationView of(Organization organization) {
            return new OrganizationView(
                    organization.id,
                    organization.slug,
                    organization.title,
                    organization.runsEnabled,
                    organization.createdAt);
        }
    }

    public record ProjectView(UUID id, UUID organizationId, String slug, String name, Instant createdAt) {
        public static ProjectView of(Project project) {
            return new ProjectView(project.id, project.organizationId, project.slug, project.name, project.createdAt);
        }
    }

    /** An environment; {@code apiKey} is present only in the answer that created it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EnvironmentView(
            UUID id,
            UUID organizationId,
            UUID projectId,
            String slug,
            EnvironmentType type,
            boolean autoEnableInternalSources,
            Instant createdAt,

            @Schema(description = "The secret key, shown once")
            String apiKey) {
        public static EnvironmentView of(RuntimeEnvironment environment, String apiKey) {
            return new EnvironmentView(
                    environment.id,
                    environment.organizationId,
                    environment.projectId,
                    environment.slug,
                    environment.type,
                    environment.autoEnableInternalSources,
                    environment.createdAt,
                    apiKey);
        }
    }

    public record CreateKey(
            @NotBlank @Pattern(regexp = Slugs.PATTERN, message = Slugs.MESSAGE) @Schema(examples = "ci-read-only")
            String name,

            @NotNull @jakarta.validation.constraints.NotEmpty java.util.Set<@NotNull Scope> scopes,

            @Schema(nullable = true, description = "After this instant the key is refused")
            Instant expiresAt) {}

    public record ApiKeyView(
            @Schema(description = "The new secret key, shown once")
            String apiKey) {}
}
