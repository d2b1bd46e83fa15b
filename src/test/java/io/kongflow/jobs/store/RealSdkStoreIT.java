package io.kongflow.jobs.store;

import io.kongflow.jobs.execution.ExecutionOn;
import io.kongflow.jobs.support.SuiteSettings;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;

/** {@link RealSdkStoreTest} against the packaged service. */
@QuarkusIntegrationTest
@WithTestResource(SuiteSettings.class)
@TestProfile(ExecutionOn.class)
class RealSdkStoreIT extends RealSdkStoreTest {}
