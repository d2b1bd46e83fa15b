package io.kongflow.jobs.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code @trigger.dev/sdk@2.3.18} TriggerClient's event calls, made by a Node.js child
 * process ({@code src/test/sdk-endpoint/event-client.mjs}) against the service: each call's result
 * is what the SDK parsed with its own zod schemas, or the error it threw.
 */
public final class SdkEventClient implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final BufferedReader answers;
    private final Writer requests;

    private SdkEventClient(Process process) {
        this.process = process;
        this.answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.requests = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    }

    public static SdkEventClient start(String apiKey, String apiUrl) throws IOException, InterruptedException {
        return start("event-client.mjs", apiKey, apiUrl, java.util.Map.of());
    }

    /** Another client script of the same line protocol (such as {@code schedule-client.mjs}), with more environment. */
    public static SdkEventClient start(String script, String apiKey, String apiUrl, java.util.Map<String, String> env)
            throws IOException, InterruptedException {
        SdkEndpoint.installDependencies();
        ProcessBuilder builder = new ProcessBuilder("node", script)
                .directory(new File("src/test/sdk-endpoint"))
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().put("TRIGGER_API_KEY", apiKey);
        builder.environment().put("TRIGGER_API_URL", apiUrl);
        builder.environment().putAll(env);
        SdkEventClient client = new SdkEventClient(builder.start());
        String first = client.answers.readLine();
        if (!"ready".equals(first)) {
            client.close();
            throw new IllegalStateException("The SDK event client did not start: " + first);
        }
        return client;
    }

    /** The SDK's result; an {@link IllegalStateException} carrying the SDK's error when it threw. */
    public synchronized JsonNode call(String method, Object... args) {
        ObjectNode request = JSON.createObjectNode().put("method", method);
        request.set("args", JSON.valueToTree(List.of(args)));
        try {
            requests.write(request + "\n");
            requests.flush();
            JsonNode answer = JSON.readTree(answers.readLine());
            if (!answer.get("ok").asBoolean()) {
                throw new IllegalStateException(answer.get("error").asText());
            }
            return answer.get("result");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
