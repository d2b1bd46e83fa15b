package io.kongflow.jobs.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kongflow.jobs.support.NeededTools;
import io.kongflow.jobs.support.SdkEndpoint;
import io.kongflow.jobs.support.Tenants;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.File;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * docs/migrating-from-trigger-dev-v2.md's claims about the SDK hold for the real
 * {@code @trigger.dev/sdk@2.3.18} ({@code src/test/sdk-endpoint/client-check.mjs}): the error
 * {@code invokeJob} throws for an unknown job is the one the guide quotes; {@code sendEvent} and the
 * key-value store ({@code client.store.env}) work; {@code TriggerClient} has no
 * {@code registerEndpoint}, and the package does not export {@code ApiClient}.
 */
@QuarkusTest
class MigrationGuideSdkTest {

    private static final Path GUIDE = Path.of("docs/migrating-from-trigger-dev-v2.md");

    @TestHTTPResource("/")
    URL service;

    @Test
    void theGuidesSdkNamesAndQuotedErrorAreTheSdks() throws Exception {
        NeededTools.require("the real SDK runs on Node.js", "node", "npm");
        SdkEndpoint.installDependencies();
        Tenants.Tenant tenant = Tenants.create();
        ProcessBuilder builder = new ProcessBuilder("node", "client-check.mjs")
                .directory(new File("src/test/sdk-endpoint"))
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().put("TRIGGER_API_URL", service.toString().replaceAll("/$", ""));
        builder.environment().put("TRIGGER_API_KEY", tenant.apiKey());
        builder.environment().put("JOB", "no-such-job");
        Process node = builder.start();
        String printed = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(node.waitFor(60, TimeUnit.SECONDS), "client-check.mjs did not end");
        assertEquals(0, node.exitValue(), printed);
        JsonNode facts = new ObjectMapper()
                .readTree(printed.lines().reduce((first, last) -> last).orElse("{}"));

        String guide = Files.readString(GUIDE).replaceAll("\\s+", " ");
        String quoted = facts.get("invokeError").asText();
        assertTrue(quoted.startsWith("Error: "), "invokeJob did not fail: " + printed);
        assertTrue(guide.contains("rejects with `" + quoted + "`"), "the guide does not quote " + quoted);
        assertFalse(facts.get("triggerClientHasRegisterEndpoint").asBoolean(), printed);
        assertTrue(guide.contains("`TriggerClient` 2.3.18 has no method to register an endpoint"));
        assertFalse(facts.get("packageExportsApiClient").asBoolean(), printed);
        assertTrue(guide.contains("internal `ApiClient` (not exported by the package)"));
        assertFalse(guide.contains("client.registerEndpoint"), "the guide names a method TriggerClient lacks");
        assertTrue(facts.get("sendEventError").isNull(), "sendEvent failed: " + printed);
        assertTrue(guide.contains("`client.sendEvent`"), "the guide lists sendEvent as served");
        assertTrue(facts.get("storeError").isNull(), "client.store.env.set failed: " + printed);
        assertTrue(facts.get("storedValue").get("stored").asBoolean(), "client.store.env.get: " + printed);
        assertTrue(guide.contains("`client.store.env`"), "the guide lists the key-value store as served");
    }
}
