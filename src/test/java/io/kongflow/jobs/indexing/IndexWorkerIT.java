package io.kongflow.jobs.indexing;

import io.kongflow.jobs.support.SuiteSettings;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;

/** {@link IndexWorkerTest} against the packaged service. */
@QuarkusIntegrationTest
@WithTestResource(SuiteSettings.class)
@TestProfile(IndexWorkerTest.WorkerOn.class)
class IndexWorkerIT extends IndexWorkerTest {}
