package io.kongflow.jobs.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Settings under which an EXECUTE_JOB could outlive its lease, or be cut off within the chunk the
 * SDK may use, are refused at start, with a message naming them.
 */
class LeaseSettingsTest {

    private static LeaseSettings settings(String lease, String renewal, String requestTimeout) {
        return settings(lease, renewal, requestTimeout, "PT1S");
    }

    private static LeaseSettings settings(String lease, String renewal, String requestTimeout, String chunkLimit) {
        return new LeaseSettings(
                Duration.parse(lease),
                Duration.parse(renewal),
                Duration.parse(requestTimeout),
                Duration.parse(chunkLimit));
    }

    @Test
    void theDefaultsAreSafe() {
        assertEquals(List.of(), settings("PT30S", "PT10S", "PT75S", "PT59.65S").problems());
    }

    @Test
    void theRequestTimeoutMustExceedTheChunkLimitTheSdkIsGiven() {
        List<String> problems = settings("PT30S", "PT10S", "PT20S", "PT59.65S").problems();
        assertEquals(1, problems.size());
        assertTrue(
                problems.get(0)
                        .startsWith("kongflow.execution.chunk-limit (PT59.65S) must be shorter than"
                                + " kongflow.execution.request-timeout (PT20S)"),
                problems.get(0));
        assertEquals(
                1, settings("PT30S", "PT10S", "PT20S", "PT20S").problems().size(), "a chunk as long as the timeout");
    }

    @Test
    void aRenewedLeaseMayBeShorterThanTheRequestTimeout() {
        assertEquals(List.of(), settings("PT30S", "PT10S", "PT75S").problems());
        assertEquals(List.of(), settings("PT30S", "PT15S", "PT75S").problems());
    }

    @Test
    void withoutRenewalTheRequestTimeoutMustBeShorterThanTheLease() {
        assertEquals(List.of(), settings("PT2M", "PT0S", "PT75S").problems());
        IllegalStateException refused = assertThrows(
                IllegalStateException.class,
                () -> settings("PT30S", "PT0S", "PT75S").checked());
        assertTrue(
                refused.getMessage()
                        .contains("kongflow.execution.request-timeout (PT1M15S) must be shorter than"
                                + " kongflow.execution.lease-duration (PT30S) while lease renewal is off"),
                refused.getMessage());
        assertEquals(1, settings("PT30S", "PT0S", "PT30S").problems().size(), "a timeout equal to the lease");
    }

    @Test
    void aRenewalIntervalAboveHalfTheLeaseIsRefused() {
        List<String> problems = settings("PT30S", "PT16S", "PT75S").problems();
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).contains("lease-renewal-interval (PT16S) must be at most half of"), problems.get(0));
    }

    @Test
    void aLeaseOrIntervalOutOfRangeIsRefused() {
        assertEquals(1, settings("PT0S", "PT0S", "PT2S").problems().size());
        assertEquals(1, settings("PT30S", "PT-1S", "PT2S").problems().size());
    }
}
