package io.kongflow.jobs.support;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import java.util.Map;
import java.util.UUID;

/** Creates isolated tenants through the admin API, so that tests never share data. */
public final class Tenants {

    public static final String ADMIN_TOKEN = "test-admin-token";

    private Tenants() {}

    /** An environment with its key, and the project and organization it lives in. */
    public record Tenant(String organizationSlug, String projectSlug, String environmentId, String apiKey) {
        public String bearer() {
            return "Bearer " + apiKey;
        }

        /** Another environment of the same project. */
        public Tenant sibling(String slug, String type) {
            return environment(organizationSlug, projectSlug, slug, type);
        }

        /** The DEVELOPMENT environment of another project of the same organization. */
        public Tenant otherProject() {
            String project = "proj-" + UUID.randomUUID().toString().substring(0, 8);
            admin().body(Map.of("slug", project, "name", "Project " + project))
                    .post("/api/admin/v1/organizations/{org}/projects", organizationSlug)
                    .then()
                    .statusCode(201);
            return environment(organizationSlug, project, "dev", "DEVELOPMENT");
        }
    }

    /** A new organization with one project and one DEVELOPMENT environment. */
    public static Tenant create() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String organization = "org-" + suffix;
        String project = "proj-" + suffix;
        admin().body(Map.of("slug", organization, "title", "Org " + suffix))
                .post("/api/admin/v1/organizations")
                .then()
                .statusCode(201);
        admin().body(Map.of("slug", project, "name", "Project " + suffix))
                .post("/api/admin/v1/organizations/{org}/projects", organization)
                .then()
                .statusCode(201);
        return environment(organization, project, "dev", "DEVELOPMENT");
    }

    private static Tenant environment(String organization, String project, String slug, String type) {
        var created = admin().body(Map.of("slug", slug, "type", type))
                .post("/api/admin/v1/projects/{project}/environments", project)
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        return new Tenant(organization, project, created.getString("id"), created.getString("apiKey"));
    }

    public static io.restassured.specification.RequestSpecification admin() {
        return given().contentType(ContentType.JSON).header("Authorization", "Bearer " + ADMIN_TOKEN);
    }
}
