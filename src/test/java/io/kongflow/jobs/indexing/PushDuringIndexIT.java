package io.kongflow.jobs.indexing;

import io.kongflow.jobs.support.PatientIndexing;
import io.kongflow.jobs.support.SuiteSettings;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;

/** {@link PushDuringIndexTest} against the packaged service. */
@QuarkusIntegrationTest
@WithTestResource(SuiteSettings.class)
@TestProfile(PatientIndexing.class)
class PushDuringIndexIT extends PushDuringIndexTest {}
