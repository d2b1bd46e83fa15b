package io.kongflow.jobs.console;

import io.kongflow.jobs.support.SuiteSettings;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link ConsoleTest} against the packaged service (Qute templates and sessions in the artifact users run). */
@QuarkusIntegrationTest
@WithTestResource(SuiteSettings.class)
class ConsoleIT extends ConsoleTest {}
