package io.kongflow.jobs.ops;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.kongflow.jobs.ops.UnreachableDatabaseTest.UnreachableDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(UnreachableDatabase.class)
class UnreachableDatabaseTest {

    /** Points the service at a port where no PostgreSQL listens, and closes the admin API. */
    public static class UnreachableDatabase implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.datasource.reactive.url", "postgresql://127.0.0.1:1/none",
                    "quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:1/none",
                    "quarkus.flyway.migrate-at-start", "false",
                    "quarkus.hibernate-orm.schema-management.strategy", "none",
                    "kongflow.admin-token", "");
        }

        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }
    }

    @Test
    void readinessIsDownAndLivenessUp() {
        given().get("/q/health/ready").then().statusCode(503).body("status", equalTo("DOWN"));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void apiCallsAnswer503WithRetryAfter() {
        given().header("Authorization", "Bearer tr_dev_whateverwhateverwhateverwhat")
                .get("/api/v1/endpoints")
                .then()
                .statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", "5");
    }

    @Test
    void adminRoutesAreClosedWithoutAToken() {
        given().header("Authorization", "Bearer anything")
                .get("/api/admin/v1/organizations")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
    }
}
