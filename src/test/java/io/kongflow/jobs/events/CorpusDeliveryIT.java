package io.kongflow.jobs.events;

import io.kongflow.jobs.support.SuiteSettings;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link CorpusDeliveryTest} against the packaged service: the matcher as it is deployed. */
@QuarkusIntegrationTest
@WithTestResource(SuiteSettings.class)
class CorpusDeliveryIT extends CorpusDeliveryTest {}
