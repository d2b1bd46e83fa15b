package io.kongflow.jobs.execution;

import io.kongflow.jobs.support.SuiteSettings;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;

/** {@link TestRunExamplesTest} against the packaged service (an IT name must not start with "Test": surefire would run it). */
@QuarkusIntegrationTest
@WithTestResource(SuiteSettings.class)
@TestProfile(ExecutionOn.class)
class ExamplesOfTestRunsIT extends TestRunExamplesTest {}
