package io.kongflow.jobs.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A stand-in for users' SDK endpoints, in the test JVM: each test serves its own behaviour under
 * a path of its own, and can read the requests it received. Served with an API key, it answers 401
 * to any request presenting another {@code x-trigger-api-key}, as the SDK does.
 */
public final class FakeEndpoint {

    /** What the endpoint answers. */
    public record Reply(int status, Map<String, String> headers, String body, long delayMillis) {
        public static Reply json(int status, String body) {
            return new Reply(status, Map.of("content-type", "application/json"), body, 0);
        }
    }

    /** A request the endpoint received: its action and api key headers. */
    public record Received(String path, String action, String apiKey, String endpointId) {}

    /** Answers one request, given its {@code x-trigger-action}. */
    public interface Behaviour {
        Reply answer(String action);
    }

    private static final Map<String, Behaviour> ROUTES = new ConcurrentHashMap<>();
    private static final Map<String, String> KEYS = new ConcurrentHashMap<>();
    private static final String NO_JOBS =
            "{\"jobs\":[],\"sources\":[],\"webhooks\":[],\"dynamicTriggers\":[],\"dynamicSchedules\":[],\"httpEndpoints\":[]}";
    private static final List<Received> RECEIVED = new CopyOnWriteArrayList<>();
    private static HttpServer server;

    private FakeEndpoint() {}

    /** Answers PING with ok and INDEX_ENDPOINT with the given index document. */
    public static Behaviour indexing(String indexJson) {
        return action -> "PING".equals(action)
                ? Reply.json(200, "{\"ok\":true}")
                : new Reply(
                        200,
                        Map.of(
                                "content-type",
                                "application/json",
                                "trigger-version",
                                "2023-09-29",
                                "trigger-sdk-version",
                                "2.3.18"),
                        indexJson,
                        0);
    }

    /** An endpoint with no jobs. */
    public static String empty() {
        return serve(indexing(NO_JOBS));
    }

    /** An endpoint with no jobs that accepts only that API key. */
    public static String empty(String apiKey) {
        return serve(apiKey, indexing(NO_JOBS));
    }

    /** Serves the behaviour under a fresh path to callers presenting that API key only; answers its url. */
    public static String serve(String apiKey, Behaviour behaviour) {
        String url = serve(behaviour);
        expectKey(url, apiKey);
        return url;
    }

    /** From now on the endpoint at that url accepts only that API key (as after the app's key was rotated). */
    public static void expectKey(String url, String apiKey) {
        KEYS.put(path(url), apiKey);
    }

    /** Serves the behaviour under a fresh path; answers its url. */
    public static String serve(Behaviour behaviour) {
        String path = "/" + UUID.randomUUID();
        ROUTES.put(path, behaviour);
        return "http://127.0.0.1:" + port() + path;
    }

    /** Serves the behaviour at the path of an url made by {@link #serve}. */
    public static void replace(String url, Behaviour behaviour) {
        ROUTES.put(path(url), behaviour);
    }

    public static List<Received> received(String url) {
        String path = path(url);
        return RECEIVED.stream().filter(request -> request.path().equals(path)).toList();
    }

    private static String path(String url) {
        return url.substring(url.indexOf('/', "http://".length()));
    }

    private static synchronized int port() {
        if (server == null) {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.setExecutor(Executors.newCachedThreadPool());
            server.createContext("/", FakeEndpoint::handle);
            server.start();
        }
        return server.getAddress().getPort();
    }

    private static void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getPath();
            String action = exchange.getRequestHeaders().getFirst("x-trigger-action");
            String apiKey = exchange.getRequestHeaders().getFirst("x-trigger-api-key");
            RECEIVED.add(new Received(
                    path, action, apiKey, exchange.getRequestHeaders().getFirst("x-trigger-endpoint-id")));
            Behaviour behaviour = ROUTES.get(path);
            String expectedKey = KEYS.get(path);
            Reply reply;
            if (behaviour == null) {
                reply = Reply.json(404, "{\"message\":\"no such fake endpoint\"}");
            } else if (expectedKey != null && !expectedKey.equals(apiKey)) {
                reply = Reply.json(401, "{\"message\":\"Unauthorized: client missing apiKey\"}");
            } else {
                reply = behaviour.answer(action);
            }
            if (reply.delayMillis() > 0) {
                Thread.sleep(reply.delayMillis());
            }
            reply.headers()
                    .forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            byte[] body = reply.body() == null ? new byte[0] : reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException ignored) {
            // The service gave up on the request (a timeout test): nothing to answer.
        }
    }
}
