package io.kongflow.jobs.contract;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The committed document ({@code src/test/openapi/kongflow-jobs.json}), from which the build
 * generates the Java client, is the service's live one: the contract cannot drift unnoticed.
 */
@QuarkusTest
class OpenApiContractTest {

    private static final Path SNAPSHOT = Path.of("src/test/openapi/kongflow-jobs.json");

    @Test
    void theDocumentedRegistrationExamplesRegister() throws Exception {
        JsonNode examples = new ObjectMapper()
                .readTree(given().get("/q/openapi?format=json").then().extract().asString())
                .at("/paths/~1api~1v1~1endpoints~1{slug}~1jobs/post/requestBody/content/application~1json/examples");
        assertEquals(2, examples.size());
        var tenant = io.kongflow.jobs.support.Tenants.create();
        io.kongflow.jobs.support.Api.endpoint(tenant, "app");
        examples.forEach(example -> io.kongflow.jobs.support.Api.register(tenant, "app", example.get("value"))
                .statusCode(201));
    }

    @Test
    void everyPathParameterIsDescribed() throws Exception {
        JsonNode paths = new ObjectMapper()
                .readTree(given().get("/q/openapi?format=json").then().extract().asString())
                .get("paths");
        List<String> undescribed = new ArrayList<>();
        paths.fields()
                .forEachRemaining(path -> path.getValue().fields().forEachRemaining(operation -> {
                    for (JsonNode parameter : operation.getValue().path("parameters")) {
                        if (parameter.path("in").asText().equals("path")
                                && parameter.path("description").asText().isBlank()) {
                            undescribed.add(operation.getKey() + " " + path.getKey() + " {"
                                    + parameter.get("name").asText() + "}");
                        }
                    }
                }));
        assertTrue(paths.size() > 30, "too few paths: " + paths.size());
        assertEquals(List.of(), undescribed, "path parameters without a description");
    }

    @Test
    void theCommittedDocumentIsTheLiveOne() throws Exception {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
        JsonNode live = mapper.readTree(given().get("/q/openapi?format=json")
                .then()
                .statusCode(200)
                .extract()
                .asString());
        JsonNode committed = mapper.readTree(Files.readString(SNAPSHOT));
        if (!live.equals(committed)) {
            Path written = Path.of("target/openapi-live.json");
            mapper.writerWithDefaultPrettyPrinter().writeValue(written.toFile(), live);
            assertEquals(
                    committed.toPrettyString(),
                    live.toPrettyString(),
                    "The API changed: review it, then cp " + written + " " + SNAPSHOT);
        }
    }
}
