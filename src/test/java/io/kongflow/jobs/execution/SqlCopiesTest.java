package io.kongflow.jobs.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Execution's statements are each written whole where they run; the parts they share — what a
 * lease sets on a run, how an ending execution is recorded, and how its slot is handed over or
 * freed — are copies, kept equal here.
 */
class SqlCopiesTest {

    private static final String HAND_OVER = normalized(SlotHandOver.HAND_OVER_OR_FREE);
    private static final String SUCCEED = normalized(SuccessWriter.SUCCEED);
    private static final String CLAIM = normalized(ExecutionClaims.CLAIM);

    @Test
    void theOneStatementSuccessHandsTheSlotOverAsTheTransactionDoes() {
        assertEquals(
                between(HAND_OVER, "next_run AS (", " SELECT handed.id"),
                between(SUCCEED, "next_run AS (", " SELECT run.was, handed.id"));
        assertEquals(
                between(HAND_OVER, "SELECT handed.id", " FROM (SELECT 1) one LEFT JOIN handed ON true"),
                between(SUCCEED, "SELECT run.was, handed.id", " FROM run LEFT JOIN handed ON true"));
    }

    @Test
    void aHandOverLeasesTheRunAsAClaimDoes() {
        String lease =
                between(HAND_OVER, "handed AS ( UPDATE job_runs r SET ", " WHERE r.id = (SELECT id FROM next_run)");
        assertTrue(lease.startsWith("status = 'EXECUTING'"), lease);
        assertTrue(
                CLAIM.contains("claimed AS ( UPDATE job_runs r SET " + lease + ", execution_count = "),
                "the claim sets what a hand-over sets: " + lease + "\n" + CLAIM);
    }

    @Test
    void theOneStatementSuccessRecordsTheExecutionAsTheTransactionDoes() {
        String recorded = between(normalized(OutcomeWriter.END_LEASE), "executions = ", ", updated_at = now()");
        assertTrue(recorded.contains("jsonb_build_array(jsonb_build_array("), recorded);
        assertEquals(recorded, between(SUCCEED, "executions = ", ", status = CASE"));
    }

    private static String normalized(String sql) {
        return sql.replaceAll("\\s+", " ");
    }

    /** The text between {@code from} and the next {@code to}. */
    private static String between(String text, String from, String to) {
        int start = text.indexOf(from);
        int end = text.indexOf(to, start);
        assertTrue(start >= 0 && end > start, "\"" + from + "\" … \"" + to + "\" in " + text);
        return text.substring(start + from.length(), end);
    }
}
