package io.kongflow.jobs.support;

import io.kongflow.jobs.support.Tenants.Tenant;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

/** Waits for a run to reach a final status, as a client polling {@code GET /api/v1/runs/{id}} would. */
public final class RunWaits {

    /** The statuses a run never leaves. */
    public static final Set<String> FINAL =
            Set.of("SUCCESS", "FAILURE", "TIMED_OUT", "ABORTED", "CANCELED", "UNRESOLVED_AUTH", "INVALID_PAYLOAD");

    private RunWaits() {}

    /** The run's final status, or the last one seen when it is not final within {@code within}. */
    public static String awaitFinal(Tenant tenant, String run, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        String status;
        do {
            status = Api.as(tenant)
                    .get("/api/v1/runs/{id}", run)
                    .then()
                    .statusCode(200)
                    .extract()
                    .path("status");
            if (FINAL.contains(status)) {
                return status;
            }
            LockSupport.parkNanos(50_000_000);
        } while (System.nanoTime() < deadline);
        return status;
    }
}
