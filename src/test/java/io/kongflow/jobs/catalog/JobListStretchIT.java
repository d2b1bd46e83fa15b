package io.kongflow.jobs.catalog;

import io.kongflow.jobs.support.SuiteSettings;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link JobListStretchTest} against the packaged service. */
@QuarkusIntegrationTest
@WithTestResource(SuiteSettings.class)
class JobListStretchIT extends JobListStretchTest {}
