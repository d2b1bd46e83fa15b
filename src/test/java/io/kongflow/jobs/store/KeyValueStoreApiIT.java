package io.kongflow.jobs.store;

import io.kongflow.jobs.support.SuiteSettings;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link KeyValueStoreApiTest} against the packaged service. */
@QuarkusIntegrationTest
@WithTestResource(SuiteSettings.class)
class KeyValueStoreApiIT extends KeyValueStoreApiTest {}
