package io.kongflow.jobs.ops;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.kongflow.jobs.support.Api;
import io.kongflow.jobs.support.DatabaseOutage;
import io.kongflow.jobs.support.Tenants;
import io.kongflow.jobs.support.Tenants.Tenant;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** PostgreSQL goes away and comes back while the service runs. */
@QuarkusTest
class DatabaseOutageTest {

    @Test
    void unavailableDatabaseAnswers503QuicklyAndTheServiceRecoversWithoutRestart() throws Exception {
        DatabaseOutage outage = DatabaseOutage.ofEmbeddedServer();
        assumeTrue(outage != null, "needs the embedded PostgreSQL (the external one is not stopped)");
        Tenant tenant = Tenants.create();
        Api.as(tenant).get("/api/v1/jobs").then().statusCode(200);

        outage.stop();
        try {
            long started = System.nanoTime();
            Api.as(tenant)
                    .get("/api/v1/jobs")
                    .then()
                    .statusCode(503)
                    .contentType("application/problem+json")
                    .header("Retry-After", "5");
            assertTrue(Duration.ofNanos(System.nanoTime() - started).toMillis() < 5_000, "answered quickly");
            given().get("/q/health/ready").then().statusCode(503).body("status", equalTo("DOWN"));
            given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        } finally {
            outage.start();
        }

        awaitStatus(() -> Api.as(tenant).get("/api/v1/jobs").statusCode());
        awaitStatus(() -> given().get("/q/health/ready").statusCode());
        Api.as(tenant).get("/api/v1/jobs").then().statusCode(200);
    }

    private static void awaitStatus(java.util.function.IntSupplier call) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (call.getAsInt() != 200) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not recovered within 60 s");
            }
            Thread.sleep(250);
        }
    }
}
