package io.kongflow.jobs.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kongflow.jobs.config.KongflowConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;
import io.vertx.mutiny.core.http.HttpClientResponse;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * Speaks the trigger.dev v2 endpoint protocol to users' SDK endpoints, without blocking: PING and
 * INDEX_ENDPOINT, with bounded time, bounded answers and at most five redirects.
 */
@ApplicationScoped
public class EndpointClient {

    static final int MAX_REDIRECTS = 5;
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

    private final HttpClient http;
    private final KongflowConfig.Indexing config;
    private final ObjectMapper mapper;

    public EndpointClient(Vertx vertx, KongflowConfig config, ObjectMapper mapper) {
        this.config = config.indexing();
        this.mapper = mapper;
        this.http = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) this.config.connectTimeout().toMillis())
                .setMaxPoolSize(16)
                .setKeepAlive(true));
    }

    @PreDestroy
    void close() {
        http.closeAndAwait();
    }

    /** Fails with {@link EndpointCallFailed} carrying the endpoint's own error when it refuses. */
    public Uni<Void> ping(String url, String apiKey, String endpointId) {
        return call(url, apiKey, "PING", endpointId)
                .invoke(answer -> {
                    JsonNode ok = answer.body().get("ok");
                    if (ok == null || !ok.asBoolean(false)) {
                        JsonNode error = answer.body().get("error");
                        throw new EndpointCallFailed(
                                error != null && error.isTextual()
                                        ? error.textValue()
                                        : "The endpoint did not answer the PING with {ok: true}");
                    }
                })
                .replaceWithVoid();
    }

    public Uni<EndpointAnswer> index(String url, String apiKey) {
        return call(url, apiKey, "INDEX_ENDPOINT", null);
    }

    /**
     * POSTs an EXECUTE_JOB; any HTTP status is an answer. Fails with {@link EndpointCallFailed} only
     * when no answer came (connection refused or reset, or nothing within {@code timeout}).
     */
    public Uni<ExecuteAnswer> execute(String url, String apiKey, String body, java.time.Duration timeout) {
        RequestOptions request = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(url)
                .setFollowRedirects(true)
                .setIdleTimeout(timeout.toMillis())
                .putHeader("x-trigger-api-key", apiKey)
                .putHeader("x-trigger-action", "EXECUTE_JOB")
                .putHeader("x-trigger-version", "2023-09-29")
                .putHeader("user-agent", "triggerdotdev-server/2.0.0")
                .putHeader("accept", "application/json")
                .putHeader("content-type", "application/json");
        return http.request(request)
                .chain(outgoing -> outgoing.send(Buffer.buffer(body)))
                .chain(response -> read(response).map(content -> {
                    java.util.Map<String, String> headers = new java.util.HashMap<>();
                    response.headers()
                            .forEach(header ->
                                    headers.put(header.getKey().toLowerCase(java.util.Locale.ROOT), header.getValue()));
                    return new ExecuteAnswer(response.statusCode(), headers, parse(content), content.toString());
                }))
                .ifNoItem()
                .after(timeout)
                .failWith(() -> new EndpointCallFailed("Connection could not be established to the endpoint (" + url
                        + "): no answer within " + timeout.toSeconds() + "s"))
                .onFailure(failure -> !(failure instanceof EndpointCallFailed))
                .transform(failure -> new EndpointCallFailed(
                        "Connection could not be established to the endpoint (" + url + "): " + describe(failure)));
    }

    private Uni<EndpointAnswer> call(String url, String apiKey, String action, String endpointId) {
        return send(url, apiKey, action, endpointId, 0)
                .ifNoItem()
                .after(config.requestTimeout())
                .failWith(() -> new EndpointCallFailed("Could not connect to endpoint " + url + ": no answer within "
                        + config.requestTimeout().toSeconds() + "s"))
                .onFailure(failure -> !(failure instanceof EndpointCallFailed))
                .transform(failure ->
                        new EndpointCallFailed("Could not connect to endpoint " + url + ": " + describe(failure)));
    }

    private Uni<EndpointAnswer> send(String url, String apiKey, String action, String endpointId, int redirects) {
        RequestOptions request = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(url)
                .setFollowRedirects(false)
                .setIdleTimeout(config.requestTimeout().toMillis())
                .putHeader("x-trigger-api-key", apiKey)
                .putHeader("x-trigger-action", action)
                .putHeader("accept", "application/json")
                .putHeader("content-type", "application/json");
        if (endpointId != null) {
            request.putHeader("x-trigger-endpoint-id", endpointId);
        }
        return http.request(request)
                .chain(outgoing -> outgoing.send(Buffer.buffer("{}")))
                .chain(response -> {
                    if (REDIRECTS.contains(response.statusCode()) && response.getHeader("location") != null) {
                        if (redirects >= MAX_REDIRECTS) {
                            return Uni.createFrom()
                                    .failure(new EndpointCallFailed(
                                            "Endpoint " + url + " redirected more than " + MAX_REDIRECTS + " times"));
                        }
                        String next = URI.create(url)
                                .resolve(response.getHeader("location"))
                                .toString();
                        return response.end().chain(() -> send(next, apiKey, action, endpointId, redirects + 1));
                    }
                    return read(response).map(body -> answer(url, response, body));
                });
    }

    private Uni<Buffer> read(HttpClientResponse response) {
        int limit = config.maxResponseBytes();
        return response.toMulti().collect().in(Buffer::buffer, (all, chunk) -> {
            if (all.length() + chunk.length() > limit) {
                throw new EndpointCallFailed("The endpoint's answer is larger than " + limit + " bytes");
            }
            all.appendBuffer(chunk);
        });
    }

    private EndpointAnswer answer(String url, HttpClientResponse response, Buffer body) {
        int status = response.statusCode();
        JsonNode json = parse(body);
        if (status == 401) {
            throw new EndpointCallFailed(message(json, "The endpoint refused the API key (401)"));
        }
        if (status < 200 || status >= 300) {
            throw new EndpointCallFailed("Could not connect to endpoint " + url + ". Status code: " + status);
        }
        if (json == null || !json.isObject()) {
            throw new EndpointCallFailed("The endpoint " + url + " did not answer with a JSON object");
        }
        return new EndpointAnswer(
                url, json, response.getHeader("trigger-version"), response.getHeader("trigger-sdk-version"));
    }

    private JsonNode parse(Buffer body) {
        try {
            return body.length() == 0 ? null : mapper.readTree(body.getBytes());
        } catch (IOException e) {
            return null;
        }
    }

    private static String message(JsonNode json, String fallback) {
        if (json != null) {
            for (String field : new String[] {"message", "error"}) {
                JsonNode value = json.get(field);
                if (value != null && value.isTextual()) {
                    return value.textValue();
                }
            }
        }
        return fallback;
    }

    private static String describe(Throwable failure) {
        if (failure instanceof TimeoutException) {
            return "timed out";
        }
        String message = failure.getMessage();
        return message == null ? failure.getClass().getSimpleName() : message;
    }
}
