package io.kongflow.jobs.ops;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

@QuarkusTest
class RequestIdTest {

    @Test
    void aGivenRequestIdIsEchoedInTheResponseAndTheProblem() {
        given().header("X-Request-Id", "trace-42")
                .get("/api/v1/jobs")
                .then()
                .statusCode(401)
                .header("X-Request-Id", "trace-42")
                .body("instance", equalTo("urn:kongflow:request:trace-42"));
    }

    @Test
    void missingOrUnsafeIdsAreReplacedByGeneratedOnes() {
        Response generated = given().get("/q/health/live");
        String id = generated.header("X-Request-Id");
        assertTrue(id.matches("[0-9a-f-]{36}"), id);
        String unsafe = given().header("X-Request-Id", "bad id\twith spaces")
                .get("/api/v1/jobs")
                .header("X-Request-Id");
        assertNotEquals("bad id\twith spaces", unsafe);
        assertEquals(36, unsafe.length());
        assertNotEquals(id, given().get("/q/health/live").header("X-Request-Id"));
    }
}
