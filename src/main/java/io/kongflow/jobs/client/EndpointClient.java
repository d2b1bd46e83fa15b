package io.kongflow.jobs.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kongflow.jobs.config.KongflowConfig;
import io.kongflow.jobs.persistence.EnvironmentType;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.tracing.TracingPolicy;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;
import io.vertx.mutiny.core.http.HttpClientResponse;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * The one path of the service's outbound calls: speaks the trigger.dev v2 endpoint protocol to
 * users' SDK endpoints without blocking, with bounded time, bounded answers and at most five
 * redirects, every hop admitted by the {@link OutboundGuard} and connected to the address it checked.
 */
@ApplicationScoped
// Made at start, on no Vert.x context: a client first made inside an HTTP request would belong to
// the HTTP server's verticle and be closed with it when shutdown begins, cutting off the
// EXECUTE_JOB calls a stopping replica lets finish.
@Startup
public class EndpointClient {

    static final int MAX_REDIRECTS = 5;
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

    /** Longest text of the endpoint's own repeated in an answer about a failed call. */
    static final int MAX_MESSAGE_CHARS = 500;

    /** EXECUTE_JOB answers at least this large are parsed off the event loop. */
    static final int LARGE_ANSWER_BYTES = 256 * 1024;

    private final Vertx vertx;
    private final HttpClient http;
    private final KongflowConfig.Indexing config;
    private final ObjectMapper mapper;
    private final OutboundGuard guard;

    public EndpointClient(Vertx vertx, KongflowConfig config, ObjectMapper mapper, OutboundGuard guard) {
        this.vertx = vertx;
        this.config = config.indexing();
        this.mapper = mapper;
        this.guard = guard;
        // Not traced by the Vert.x tracer: the executor makes the EXECUTE_JOB call's span itself, as
        // the child of its execution's span, and sends that span's traceparent (docs/traces.md).
        this.http = vertx.createHttpClient(new HttpClientOptions()
                .setTracingPolicy(TracingPolicy.IGNORE)
                .setConnectTimeout((int) this.config.connectTimeout().toMillis())
                .setMaxPoolSize(16)
                .setKeepAlive(true));
    }

    @PreDestroy
    void close() {
        http.closeAndAwait();
    }

    /** Fails with {@link EndpointCallFailed} carrying the endpoint's own error when it refuses. */
    public Uni<Void> ping(String url, String apiKey, String endpointId, EnvironmentType environment) {
        Map<String, String> headers = Map.of("x-trigger-action", "PING", "x-trigger-endpoint-id", endpointId);
        return post(url, apiKey, headers, "{}", environment)
                .invoke(answer -> {
                    JsonNode ok = answer.body().get("ok");
                    if (ok == null || !ok.asBoolean(false)) {
                        JsonNode error = answer.body().get("error");
                        throw new EndpointCallFailed(
                                error != null && error.isTextual()
                                        ? bounded(error.textValue())
                                        : "The endpoint did not answer the PING with {ok: true}");
                    }
                })
                .replaceWithVoid();
    }

    public Uni<EndpointAnswer> index(String url, String apiKey, EnvironmentType environment) {
        return post(url, apiKey, Map.of("x-trigger-action", "INDEX_ENDPOINT"), "{}", environment);
    }

    /**
     * POSTs a JSON body to an SDK endpoint of an environment, presenting its key; every outbound
     * call (PING, INDEX_ENDPOINT, EXECUTE_JOB, …) goes through here. Fails with {@link
     * OutboundRefused} when the policy refuses the url or a redirect, with {@link EndpointCallFailed}
     * for any other failure.
     */
    public Uni<EndpointAnswer> post(
            String url, String apiKey, Map<String, String> headers, String body, EnvironmentType environment) {
        return withinTime(
                send(url, apiKey, headers, body, environment, config.requestTimeout(), 0)
                        .map(answered -> answer(answered.url(), answered.response(), answered.body())),
                url,
                config.requestTimeout());
    }

    /**
     * POSTs an EXECUTE_JOB under the same policy; any HTTP status is an answer, for the executor to
     * interpret. Fails with {@link EndpointCallFailed} only when no answer came (refused by the
     * policy, connection refused or reset, or nothing within {@code timeout}). {@code trace}: the
     * trace context headers of the call's span ({@code traceparent}), sent as they are.
     */
    public Uni<ExecuteAnswer> execute(
            String url,
            String apiKey,
            String body,
            EnvironmentType environment,
            Duration timeout,
            Map<String, String> trace) {
        Map<String, String> headers = new HashMap<>(trace);
        headers.put("x-trigger-action", "EXECUTE_JOB");
        headers.put("x-trigger-version", "2023-09-29");
        headers.put("user-agent", "triggerdotdev-server/2.0.0");
        return withinTime(
                send(url, apiKey, headers, body, environment, timeout, 0)
                        .chain(answered -> answered.body().length() < LARGE_ANSWER_BYTES
                                ? Uni.createFrom().item(executeAnswer(answered))
                                : vertx.executeBlocking(Uni.createFrom().item(() -> executeAnswer(answered)), false)),
                url,
                timeout);
    }

    /** Parsed on a worker thread when large ({@link #LARGE_ANSWER_BYTES}), so as not to hold the event loop. */
    private ExecuteAnswer executeAnswer(Answered answered) {
        Map<String, String> names = new HashMap<>();
        answered.response()
                .headers()
                .forEach(header -> names.put(header.getKey().toLowerCase(Locale.ROOT), header.getValue()));
        return new ExecuteAnswer(
                answered.response().statusCode(),
                names,
                parse(answered.body()),
                answered.body().toString());
    }

    /** A response after the redirects, its body read (bounded), and the url that gave it. */
    private record Answered(String url, HttpClientResponse response, Buffer body) {}

    private static <T> Uni<T> withinTime(Uni<T> call, String url, Duration timeout) {
        return call.ifNoItem()
                .after(timeout)
                .failWith(() -> new EndpointTimedOut(
                        "Could not connect to endpoint " + url + ": no answer within " + timeout.toSeconds() + "s"))
                .onFailure(failure -> !(failure instanceof EndpointCallFailed))
                .transform(failure ->
                        new EndpointCallFailed("Could not connect to endpoint " + url + ": " + describe(failure)));
    }

    private Uni<Answered> send(
            String url,
            String apiKey,
            Map<String, String> headers,
            String body,
            EnvironmentType environment,
            Duration timeout,
            int redirects) {
        return guard.admit(url, environment)
                .chain(target -> exchange(url, target, apiKey, headers, body, timeout))
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
                        return response.end()
                                .chain(() -> send(next, apiKey, headers, body, environment, timeout, redirects + 1));
                    }
                    return read(response).map(bytes -> new Answered(url, response, bytes));
                });
    }

    // The absolute URI gives the Host header and TLS server name; the server address makes the
    // connection go to the checked address without a second lookup.
    private Uni<HttpClientResponse> exchange(
            String url,
            OutboundGuard.Target target,
            String apiKey,
            Map<String, String> headers,
            String body,
            Duration timeout) {
        RequestOptions request = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(url)
                .setServer(SocketAddress.inetSocketAddress(
                        target.port(), target.address().getHostAddress()))
                .setFollowRedirects(false)
                .setIdleTimeout(timeout.toMillis())
                .putHeader("accept", "application/json")
                .putHeader("content-type", "application/json");
        headers.forEach(request::putHeader);
        request.putHeader("x-trigger-api-key", apiKey);
        return http.request(request).chain(outgoing -> outgoing.send(Buffer.buffer(body)));
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
            throw new EndpointCallFailed(bounded(message(json, "The endpoint refused the API key (401)")));
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

    /** The endpoint's own words, cut short: an answer about a failed call is no channel for its body. */
    static String bounded(String text) {
        return text.length() <= MAX_MESSAGE_CHARS ? text : text.substring(0, MAX_MESSAGE_CHARS) + "…";
    }

    private static String describe(Throwable failure) {
        if (failure instanceof TimeoutException) {
            return "timed out";
        }
        String message = failure.getMessage();
        return message == null ? failure.getClass().getSimpleName() : bounded(message);
    }
}
