package io.kongflow.jobs.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An SDK endpoint stand-in bound to one loopback address (127.0.0.1 or ::1): {@code /ok} answers
 * PING with ok and INDEX_ENDPOINT with no jobs, {@code /redirect?to=url} redirects, {@code
 * /status/500} and {@code /long-error} answer failures with bodies that must not be echoed.
 */
final class LoopbackServer implements AutoCloseable {

    /** A request it received: the path and the Host header. */
    record Received(String path, String host) {}

    static final String LONG_ERROR = "e".repeat(5_000);
    static final String SECRET_BODY = "internal-secret-body";

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    private LoopbackServer(String address) {
        try {
            InetAddress loopback = InetAddress.getByName(address);
            if (!loopback.isLoopbackAddress()) {
                throw new IllegalArgumentException("test servers listen on loopback only: " + address);
            }
            server = HttpServer.create(new InetSocketAddress(loopback, 0), 20);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    static LoopbackServer on(String address) {
        return new LoopbackServer(address);
    }

    int port() {
        return server.getAddress().getPort();
    }

    List<Received> received() {
        return received;
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getPath();
            received.add(new Received(path, exchange.getRequestHeaders().getFirst("Host")));
            String action = exchange.getRequestHeaders().getFirst("x-trigger-action");
            switch (path) {
                case "/ok" -> reply(exchange, 200, "PING".equals(action) ? "{\"ok\":true}" : "{\"jobs\":[]}");
                case "/redirect" -> {
                    String query = exchange.getRequestURI().getRawQuery();
                    String to = URLDecoder.decode(query.substring("to=".length()), StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().add("location", to);
                    exchange.sendResponseHeaders(302, -1);
                }
                case "/status/500" -> reply(exchange, 500, "{\"message\":\"" + SECRET_BODY + "\"}");
                case "/long-error" -> reply(exchange, 200, "{\"ok\":false,\"error\":\"" + LONG_ERROR + "\"}");
                default -> reply(exchange, 404, "{}");
            }
        }
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("content-type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
