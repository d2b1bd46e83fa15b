package io.kongflow.jobs.adversarial;

import io.kongflow.jobs.support.SuiteSettings;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;

/** {@link SlowClientTest} against the packaged service. */
@QuarkusIntegrationTest
@WithTestResource(SuiteSettings.class)
@TestProfile(SlowClientTest.ShortIdleTimeout.class)
class SlowClientIT extends SlowClientTest {}
