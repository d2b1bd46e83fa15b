package io.kongflow.jobs.client;

import io.kongflow.jobs.config.KongflowConfig;
import io.kongflow.jobs.persistence.EnvironmentType;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;
import io.vertx.mutiny.core.http.HttpClientResponse;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Sends the requests of background fetches (any method, the run's headers and body) on the
 * service's outbound path: every hop admitted by {@link OutboundGuard#admitFetch} and connected to
 * the address it checked, at most five redirects, the whole exchange within the request's timeout
 * and the body read up to a bound. Any HTTP status is an answer.
 */
@ApplicationScoped
// Made at start, on no Vert.x context, as EndpointClient: a fetch in flight at shutdown is not cut off.
@Startup
public class UrlFetcher {

    static final int MAX_REDIRECTS = 5;
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
    // Credentials a run gave for one origin are not sent to another one a redirect names (as fetch does).
    private static final Set<String> ORIGIN_BOUND = Set.of("authorization", "cookie", "proxy-authorization");

    private final HttpClient http;
    private final OutboundGuard guard;
    private final int maxBytes;

    public UrlFetcher(Vertx vertx, KongflowConfig config, OutboundGuard guard) {
        this.guard = guard;
        this.maxBytes = config.fetches().maxResponseBytes();
        this.http = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) config.indexing().connectTimeout().toMillis())
                .setMaxPoolSize(Math.max(4, config.fetches().concurrency()))
                .setKeepAlive(true));
    }

    @PreDestroy
    void close() {
        http.closeAndAwait();
    }

    /**
     * The answer; fails with {@link OutboundRefused} (a hop the policy refuses), {@link
     * FetchTimedOut}, {@link FetchTooLarge}, or {@link EndpointCallFailed} when no answer came.
     */
    public Uni<FetchResponse> fetch(FetchRequest request, EnvironmentType environment) {
        String url = request.url();
        return send(request, environment, 0)
                .ifNoItem()
                .after(request.timeout())
                .failWith(() -> new FetchTimedOut(
                        "Fetch timed out after " + request.timeout().toMillis() + "ms"))
                .onFailure(failure -> !(failure instanceof EndpointCallFailed))
                .transform(failure -> new EndpointCallFailed("Fetch of " + url + " failed: " + describe(failure)));
    }

    private Uni<FetchResponse> send(FetchRequest request, EnvironmentType environment, int redirects) {
        return guard.admitFetch(request.url(), environment)
                .chain(target -> exchange(request, target))
                .chain(response -> {
                    String location = response.getHeader("location");
                    if (!REDIRECTS.contains(response.statusCode()) || location == null) {
                        return read(response)
                                .map(body -> new FetchResponse(response.statusCode(), headers(response), body));
                    }
                    if (redirects >= MAX_REDIRECTS) {
                        return Uni.createFrom()
                                .failure(new EndpointCallFailed("Fetch of " + request.url() + " redirected more than "
                                        + MAX_REDIRECTS + " times"));
                    }
                    FetchRequest next = redirected(request, response.statusCode(), location);
                    return response.end().chain(() -> send(next, environment, redirects + 1));
                });
    }

    /** The request a redirect asks for, as fetch makes it: 303 (and 301/302 after a POST) become a GET without body. */
    static FetchRequest redirected(FetchRequest request, int status, String location) {
        URI from = URI.create(request.url());
        URI to = from.resolve(location);
        String method = request.method();
        String body = request.body();
        boolean toGet = (status == 303 && !"HEAD".equals(method))
                || ((status == 301 || status == 302) && "POST".equals(method));
        Map<String, String> headers = new LinkedHashMap<>();
        boolean sameOrigin = Objects.equals(from.getScheme(), to.getScheme())
                && Objects.equals(from.getHost(), to.getHost())
                && from.getPort() == to.getPort();
        request.headers().forEach((name, value) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            boolean bodyHeader = toGet && (lower.startsWith("content-"));
            if (!bodyHeader && (sameOrigin || !ORIGIN_BOUND.contains(lower))) {
                headers.put(name, value);
            }
        });
        return new FetchRequest(toGet ? "GET" : method, to.toString(), headers, toGet ? null : body, request.timeout());
    }

    // The absolute URI gives the Host header and TLS server name; the server address makes the
    // connection go to the checked address without a second lookup.
    private Uni<HttpClientResponse> exchange(FetchRequest request, OutboundGuard.Target target) {
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.valueOf(request.method()))
                .setAbsoluteURI(request.url())
                .setServer(SocketAddress.inetSocketAddress(
                        target.port(), target.address().getHostAddress()))
                .setFollowRedirects(false)
                .setIdleTimeout(request.timeout().toMillis());
        request.headers().forEach(options::putHeader);
        return http.request(options)
                .chain(outgoing ->
                        request.body() == null ? outgoing.send() : outgoing.send(Buffer.buffer(request.body())));
    }

    private Uni<byte[]> read(HttpClientResponse response) {
        return response.toMulti()
                .collect()
                .in(Buffer::buffer, (all, chunk) -> {
                    if (all.length() + chunk.length() > maxBytes) {
                        throw new FetchTooLarge("The response body is larger than " + maxBytes + " bytes");
                    }
                    all.appendBuffer(chunk);
                })
                .map(Buffer::getBytes);
    }

    private static Map<String, String> headers(HttpClientResponse response) {
        Map<String, String> names = new HashMap<>();
        response.headers()
                .forEach(header -> names.merge(
                        header.getKey().toLowerCase(Locale.ROOT), header.getValue(), (a, b) -> a + ", " + b));
        return names;
    }

    private static String describe(Throwable failure) {
        String message = failure.getMessage();
        return message == null ? failure.getClass().getSimpleName() : EndpointClient.bounded(message);
    }
}
