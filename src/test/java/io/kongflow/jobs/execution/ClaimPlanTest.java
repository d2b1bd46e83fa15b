package io.kongflow.jobs.execution;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kongflow.jobs.support.Database;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * A claim walks the due and leased indexes in order and stops at the first row it can take: it
 * never reads and sorts every queued run (a claim runs for every wake-up, with thousands queued).
 */
@QuarkusTest
class ClaimPlanTest {

    @Inject
    Database database;

    @Test
    void theClaimIsServedByTheDueAndLeaseIndexesInOrder() {
        String claim = ExecutionClaims.CLAIM
                .replace(":startable", "'{QUEUED,WAITING_TO_EXECUTE,WAITING_TO_CONTINUE}'")
                .replace(":owner", "'plan'")
                .replace(":leaseSeconds", "30");
        String plan = database.planInIndexOrder(claim);
        assertTrue(
                plan.contains("job_runs_due_idx") && plan.contains("job_runs_leased_idx") && !plan.contains("Sort"),
                "the claim does not walk its indexes in order:\n" + plan);
    }
}
