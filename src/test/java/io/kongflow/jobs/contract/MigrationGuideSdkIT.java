package io.kongflow.jobs.contract;

import io.kongflow.jobs.support.SuiteSettings;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link MigrationGuideSdkTest} against the packaged service. */
@QuarkusIntegrationTest
@WithTestResource(SuiteSettings.class)
class MigrationGuideSdkIT extends MigrationGuideSdkTest {}
