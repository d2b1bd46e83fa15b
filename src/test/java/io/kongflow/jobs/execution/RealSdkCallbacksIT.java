package io.kongflow.jobs.execution;

import io.kongflow.jobs.support.SuiteSettings;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;

/** {@link RealSdkCallbacksTest} against the packaged service. */
@QuarkusIntegrationTest
@WithTestResource(SuiteSettings.class)
@TestProfile(ExecutionOn.class)
class RealSdkCallbacksIT extends RealSdkCallbacksTest {}
