package io.kongflow.jobs.events;

import io.kongflow.jobs.support.SuiteSettings;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link DeliveryPlanTest} against the packaged service. */
@QuarkusIntegrationTest
@WithTestResource(SuiteSettings.class)
class DeliveryPlanIT extends DeliveryPlanTest {}
