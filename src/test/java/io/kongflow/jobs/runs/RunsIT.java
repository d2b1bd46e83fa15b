package io.kongflow.jobs.runs;

import io.kongflow.jobs.support.SuiteSettings;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link RunsTest} against the packaged service. */
@QuarkusIntegrationTest
@WithTestResource(SuiteSettings.class)
class RunsIT extends RunsTest {}
