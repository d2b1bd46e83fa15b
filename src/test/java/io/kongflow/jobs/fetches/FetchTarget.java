package io.kongflow.jobs.fetches;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What background fetches reach in the tests, on 127.0.0.1: {@code /echo} answers the request it
 * got, {@code /flaky?key=} a 500 first and then 200, {@code /down} always a 500 with a JSON message,
 * {@code /text} plain text, {@code /nul} JSON with a NUL character (valid JSON, refused by jsonb), {@code /poll?key=} PENDING first and then DONE, {@code /slow} after 3 s,
 * {@code /hold?key=} holds its first request until {@link #release}, {@code /redirect?to=} a 302.
 */
final class FetchTarget implements AutoCloseable {

    /** A request it received: method, path and query. */
    record Received(String method, String path, String query) {}

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final CountDownLatch held = new CountDownLatch(1);
    private final CountDownLatch hold = new CountDownLatch(1);

    FetchTarget() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 50);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    String url(String pathAndQuery) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + pathAndQuery;
    }

    List<Received> received() {
        return received;
    }

    int calls(String path, String key) {
        return calls.getOrDefault(path + "?" + key, new AtomicInteger()).get();
    }

    /** Waits until a {@code /hold} request arrived. */
    boolean awaitHeld() throws InterruptedException {
        return held.await(30, TimeUnit.SECONDS);
    }

    void release() {
        hold.countDown();
    }

    @Override
    public void close() {
        hold.countDown();
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getPath();
            String query = exchange.getRequestURI().getRawQuery();
            received.add(new Received(exchange.getRequestMethod(), path, query));
            int call = calls.computeIfAbsent(path + "?" + query, k -> new AtomicInteger())
                    .incrementAndGet();
            switch (path) {
                case "/echo" -> {
                    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
                    exchange.getResponseHeaders().add("x-echo", "yes");
                    reply(
                            exchange,
                            200,
                            "{\"method\":\"" + exchange.getRequestMethod() + "\",\"authorization\":"
                                    + (authorization == null ? "null" : "\"" + authorization + "\"") + ",\"body\":\""
                                    + new String(body, StandardCharsets.UTF_8).replace("\"", "\\\"") + "\"}");
                }
                case "/flaky" ->
                    reply(exchange, call == 1 ? 500 : 200, call == 1 ? "{\"error\":\"down\"}" : "{\"ok\":true}");
                case "/down" -> reply(exchange, 500, "{\"message\":\"permanently down\"}");
                case "/text" -> reply(exchange, 200, "plain text");
                case "/nul" -> reply(exchange, 200, "{\"text\":\"a\\u0000b\"}");
                case "/poll" -> reply(exchange, 200, "{\"status\":\"" + (call == 1 ? "PENDING" : "DONE") + "\"}");
                case "/slow" -> {
                    sleep(3_000);
                    reply(exchange, 200, "{\"late\":true}");
                }
                case "/hold" -> {
                    if (call == 1) {
                        held.countDown();
                        await(hold);
                    }
                    reply(exchange, 200, "{\"n\":" + call + "}");
                }
                case "/redirect" -> {
                    String to = URLDecoder.decode(query.substring("to=".length()), StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().add("location", to);
                    exchange.sendResponseHeaders(302, -1);
                }
                default -> reply(exchange, 404, "{}");
            }
        }
    }

    private static void reply(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("content-type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
