package io.kongflow.jobs.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kongflow.jobs.support.Api;
import io.kongflow.jobs.support.Tenants;
import io.kongflow.jobs.support.Tenants.Tenant;
import io.kongflow.jobs.support.TypeScriptTools;
import io.kongflow.jobs.support.TypeScriptTools.Result;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.File;
import java.net.URL;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The TypeScript (typescript-fetch) client the build generates from the committed contract
 * (pom.xml, execution {@code typescript-client}) compiles with {@code tsc}, strict, together with
 * {@code src/test/typescript-client/smoke.ts}, which then runs with node against the service: a
 * typed JobMetadata registers (201, then 200), reads and queue creation (201) work, and a missing
 * job is a 404 problem document the client hands over as a {@code ResponseError}.
 */
@QuarkusTest
class TypeScriptClientTest {

    private static final File GENERATED = new File("target/generated-test-sources/typescript-client/index.ts");
    private static final File SMOKE = new File("target/typescript-client/src/test/typescript-client/smoke.js");

    @TestHTTPResource("/")
    URL service;

    @Test
    void theGeneratedClientCompilesAndTalksToTheService() throws Exception {
        TypeScriptTools.require("the TypeScript client is compiled with tsc and run with node");
        assertTrue(GENERATED.exists(), GENERATED + " is missing: the build generates it (generate-test-sources)");
        Result compiled = TypeScriptTools.run(Map.of(), TypeScriptTools.bin("tsc"), "-p", "tsconfig.json");
        assertEquals(0, compiled.exitCode(), "tsc failed:\n" + compiled.output());

        Tenant tenant = Tenants.create();
        Api.endpoint(tenant, "app");
        Result smoke = TypeScriptTools.run(
                Map.of("JOBS_URL", service.toString().replaceAll("/$", ""), "KEY", tenant.apiKey()),
                "node",
                SMOKE.getAbsolutePath());
        assertEquals(0, smoke.exitCode(), "the smoke run failed:\n" + smoke.output());
        JsonNode result = new ObjectMapper()
                .readTree(smoke.output()
                        .trim()
                        .lines()
                        .reduce((first, last) -> last)
                        .orElseThrow());

        assertEquals(201, result.at("/registered/status").asInt(), smoke.output());
        assertEquals("created", result.at("/registered/outcome").asText());
        assertEquals("unchanged", result.get("again").asText());
        assertEquals("[\"ts-smoke\"]", result.get("slugs").toString());
        assertEquals("group/ts-group", result.get("queue").asText());
        assertEquals(201, result.at("/createdQueue/status").asInt());
        assertEquals("ts-queue", result.at("/createdQueue/name").asText());
        assertEquals(404, result.at("/missing/status").asInt());
        assertEquals(404, result.at("/missing/problem/status").asInt());
        assertEquals(
                "Job 'no-such-job' not found",
                result.at("/missing/problem/detail").asText());
    }
}
