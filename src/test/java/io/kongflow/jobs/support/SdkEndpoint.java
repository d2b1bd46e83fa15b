package io.kongflow.jobs.support;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * A real trigger.dev v2 SDK endpoint ({@code src/test/sdk-endpoint}, {@code @trigger.dev/sdk@2.3.18})
 * run as a Node.js child process on a free port. Installs its npm dependencies on first use.
 */
public final class SdkEndpoint implements AutoCloseable {

    private static final File DIRECTORY = new File("src/test/sdk-endpoint");

    private final Process process;
    private final int port;
    private final String url;

    private SdkEndpoint(Process process, int port) {
        this.process = process;
        this.port = port;
        this.url = "http://127.0.0.1:" + port + "/api/trigger";
    }

    /** Starts the endpoint serving job set {@code a} or {@code b}, expecting that key and endpoint id. */
    public static SdkEndpoint start(String jobSet, String apiKey, String endpointId)
            throws IOException, InterruptedException {
        return start(jobSet, apiKey, endpointId, null);
    }

    /**
     * The execution jobs ({@code exec}) served for the tenant under {@code endpointId}, calling the
     * service under test back, registered and indexed: ready to run jobs.
     */
    public static SdkEndpoint executing(Tenants.Tenant tenant, String endpointId)
            throws IOException, InterruptedException {
        return executing(tenant, endpointId, "exec", java.util.Map.of());
    }

    /** As {@link #executing(Tenants.Tenant, String)}, serving another job set (such as {@code console}). */
    public static SdkEndpoint executing(Tenants.Tenant tenant, String endpointId, String jobSet)
            throws IOException, InterruptedException {
        return executing(tenant, endpointId, jobSet, java.util.Map.of());
    }

    /** As {@link #executing(Tenants.Tenant, String)}, with more environment for the server (e.g. {@code SCHEDULE_JOBS=1}). */
    public static SdkEndpoint executing(Tenants.Tenant tenant, String endpointId, java.util.Map<String, String> env)
            throws IOException, InterruptedException {
        return executing(tenant, endpointId, "exec", env);
    }

    private static SdkEndpoint executing(
            Tenants.Tenant tenant, String endpointId, String jobSet, java.util.Map<String, String> env)
            throws IOException, InterruptedException {
        SdkEndpoint endpoint =
                start(jobSet, tenant.apiKey(), endpointId, "http://127.0.0.1:" + io.restassured.RestAssured.port, env);
        Api.endpoint(tenant, endpointId, endpoint.url());
        Api.as(tenant)
                .body("{}")
                .post("/api/v1/endpoints/{id}/index", endpointId)
                .then()
                .statusCode(200);
        return endpoint;
    }

    /** As {@link #start(String, String, String)}, with the SDK's API (tasks, runs) at {@code apiUrl}. */
    public static SdkEndpoint start(String jobSet, String apiKey, String endpointId, String apiUrl)
            throws IOException, InterruptedException {
        return start(jobSet, apiKey, endpointId, apiUrl, java.util.Map.of());
    }

    /** As {@link #start(String, String, String, String)}, with more environment for the server. */
    public static SdkEndpoint start(
            String jobSet, String apiKey, String endpointId, String apiUrl, java.util.Map<String, String> env)
            throws IOException, InterruptedException {
        installDependencies();
        ProcessBuilder builder = new ProcessBuilder("node", "server.mjs")
                .directory(DIRECTORY)
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().put("PORT", "0");
        builder.environment().put("JOB_SET", jobSet);
        builder.environment().put("TRIGGER_API_KEY", apiKey);
        builder.environment().put("TRIGGER_ENDPOINT_ID", endpointId);
        builder.environment().put("EXIT_ON_STDIN_EOF", "1");
        if (apiUrl != null) {
            builder.environment().put("TRIGGER_API_URL", apiUrl);
        }
        builder.environment().putAll(env);
        Process process = builder.start();
        BufferedReader stdout =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = stdout.readLine();
        if (line == null || !line.startsWith("listening on port ")) {
            process.destroyForcibly();
            throw new IllegalStateException("The SDK endpoint did not start: " + line);
        }
        return new SdkEndpoint(
                process,
                Integer.parseInt(line.substring("listening on port ".length()).trim()));
    }

    /** Runs {@code npm ci} in the endpoint's directory unless its dependencies are there. */
    public static synchronized void installDependencies() throws IOException, InterruptedException {
        NeededTools.npmCi(DIRECTORY, "node_modules/@trigger.dev/sdk");
    }

    public String url() {
        return url;
    }

    public int port() {
        return port;
    }

    /** The endpoint's own counters of JOB_SET exec ({@code GET /stats}). */
    public String statsUrl() {
        return url.replace("/api/trigger", "/stats");
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
