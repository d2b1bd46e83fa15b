package io.kongflow.jobs.console;

import io.kongflow.jobs.execution.ExecutionOn;
import io.kongflow.jobs.support.SuiteSettings;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;

/** {@link ConsoleBrowserTest} against the packaged service: the console a browser sees in the artifact users run. */
@QuarkusIntegrationTest
@WithTestResource(SuiteSettings.class)
@TestProfile(ExecutionOn.class)
class ConsoleBrowserIT extends ConsoleBrowserTest {}
