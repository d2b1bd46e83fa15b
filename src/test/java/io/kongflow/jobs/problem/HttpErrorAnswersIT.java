package io.kongflow.jobs.problem;

import io.kongflow.jobs.support.SuiteSettings;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link HttpErrorAnswersTest} against the packaged service. */
@QuarkusIntegrationTest
@WithTestResource(SuiteSettings.class)
class HttpErrorAnswersIT extends HttpErrorAnswersTest {}
