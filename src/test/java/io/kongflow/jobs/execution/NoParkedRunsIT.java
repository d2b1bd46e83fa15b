package io.kongflow.jobs.execution;

import io.kongflow.jobs.support.SuiteSettings;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;

/** {@link NoParkedRunsTest} against the packaged service. */
@QuarkusIntegrationTest
@WithTestResource(SuiteSettings.class)
@TestProfile(NoParkedRunsTest.ShortRequestTimeout.class)
class NoParkedRunsIT extends NoParkedRunsTest {}
