package io.kongflow.jobs.support;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.JsonNode;
import io.kongflow.jobs.support.Tenants.Tenant;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.util.Map;

/** Calls the API as a tenant. */
public final class Api {

    private Api() {}

    public static RequestSpecification as(Tenant tenant) {
        return given().contentType(ContentType.JSON).header("Authorization", tenant.bearer());
    }

    /** Creates (or updates) an endpoint of the tenant, served by a fake SDK endpoint with no jobs that checks the key. */
    public static String endpoint(Tenant tenant, String slug) {
        return endpoint(tenant, slug, FakeEndpoint.empty(tenant.apiKey()));
    }

    /** Creates (or updates) an endpoint of the tenant at that url. */
    public static String endpoint(Tenant tenant, String slug, String url) {
        as(tenant)
                .body(Map.of("id", slug, "url", url))
                .post("/api/v1/endpoints")
                .then()
                .statusCode(200);
        return url;
    }

    /** Registers one job through the push API, returning the response for assertions. */
    public static ValidatableResponse register(Tenant tenant, String endpoint, JsonNode job) {
        return as(tenant)
                .body(job.toString())
                .post("/api/v1/endpoints/{slug}/jobs", endpoint)
                .then();
    }

    public static ValidatableResponse sync(Tenant tenant, String endpoint, JsonNode jobs) {
        return as(tenant)
                .body("{\"jobs\":" + jobs + "}")
                .put("/api/v1/endpoints/{slug}/jobs", endpoint)
                .then();
    }
}
