package io.kongflow.jobs.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kongflow.jobs.support.Api;
import io.kongflow.jobs.support.NeededTools;
import io.kongflow.jobs.support.SdkEndpoint;
import io.kongflow.jobs.support.Tenants;
import io.kongflow.jobs.support.Tenants.Tenant;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The v2 CLI's key check: {@code GET /api/v1/whoami} answers the key's environment, project and
 * organization in the shape the CLI parses (checked with its schema in node), never the key;
 * {@code /api/v2/whoami} (personal access tokens, which this service has none of) answers 401 as v2 did.
 */
@QuarkusTest
class WhoAmITest {

    @Test
    void v1AnswersTheEnvironmentProjectAndOrganizationOfTheKey() {
        Tenant tenant = Tenants.create();
        Tenant production = tenant.sibling("prod", "PRODUCTION");
        String body = Api.as(production)
                .get("/api/v1/whoami")
                .then()
                .statusCode(200)
                .body("id", equalTo(production.environmentId()))
                .body("slug", equalTo("prod"))
                .body("type", equalTo("PRODUCTION"))
                .body("project.slug", equalTo(tenant.projectSlug()))
                .body("organization.slug", equalTo(tenant.organizationSlug()))
                .body("organization.title", notNullValue())
                .body("pkApiKey", equalTo(""))
                .body("$", not(hasKey("userId")))
                .body("$", not(hasKey("apiKey")))
                .extract()
                .asString();
        assertTrue(!body.contains(production.apiKey()), "the key is never echoed");
        given().get("/api/v1/whoami").then().statusCode(401);
        given().header("Authorization", "Bearer tr_dev_not-a-key")
                .get("/api/v1/whoami")
                .then()
                .statusCode(401);
    }

    @Test
    void theV2CliParsesTheAnswerWithItsOwnSchema() throws Exception {
        NeededTools.require("the CLI's schema runs on Node.js", "node", "npm");
        SdkEndpoint.installDependencies();
        Tenant tenant = Tenants.create();
        ProcessBuilder builder = new ProcessBuilder("node", "whoami-check.mjs")
                .directory(new File("src/test/sdk-endpoint"))
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().put("TRIGGER_API_URL", "http://127.0.0.1:" + RestAssured.port);
        builder.environment().put("TRIGGER_API_KEY", tenant.apiKey());
        Process node = builder.start();
        String printed = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(node.waitFor(60, TimeUnit.SECONDS), "whoami-check.mjs did not end");
        JsonNode facts = new ObjectMapper()
                .readTree(printed.lines().reduce((first, last) -> last).orElse("{}"));
        assertEquals(200, facts.get("status").asInt(), printed);
        assertTrue(facts.get("issues").isNull(), printed);
        assertEquals(tenant.environmentId(), facts.get("parsed").get("id").asText());
        assertEquals(
                tenant.projectSlug(),
                facts.get("parsed").get("project").get("slug").asText());
    }

    @Test
    void v2AnswersEveryEnvironmentKeyAsV2Did() {
        Tenant tenant = Tenants.create();
        Api.as(tenant)
                .get("/api/v2/whoami")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .body("error", org.hamcrest.Matchers.startsWith("Invalid or Missing Access Token"));
        given().get("/api/v2/whoami").then().statusCode(401);
    }
}
