package io.kongflow.jobs.schedules;

import io.kongflow.jobs.support.SuiteSettings;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;

/** {@link DynamicSchedulesTest} against the packaged service. */
@QuarkusIntegrationTest
@WithTestResource(SuiteSettings.class)
@TestProfile(ScheduleFiringTest.SchedulesOn.class)
class DynamicSchedulesIT extends DynamicSchedulesTest {}
