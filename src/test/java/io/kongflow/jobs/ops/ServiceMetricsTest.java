package io.kongflow.jobs.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.kongflow.jobs.registration.RegistrationResult;
import io.kongflow.jobs.registration.SyncReport;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceMetricsTest {

    @Test
    void everyRegistrationOutcomeIsCountedFromZeroBeforeItsFirstEvent() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new ServiceMetrics(registry);
        for (String outcome : ServiceMetrics.REGISTRATION_OUTCOMES) {
            var counter = registry.find("kongflow.job.registrations")
                    .tag("outcome", outcome)
                    .counter();
            assertNotNull(counter, "no series for outcome " + outcome + " before its first registration");
            assertEquals(0, counter.count());
        }
    }

    @Test
    void thePreRegisteredOutcomesAreTheOnesRegistrationReports() {
        List<String> reported = new ArrayList<>(Arrays.stream(RegistrationResult.Outcome.values())
                .map(RegistrationResult.Outcome::wire)
                .toList());
        reported.add(SyncReport.FAILED);
        assertEquals(reported, ServiceMetrics.REGISTRATION_OUTCOMES);
    }
}
