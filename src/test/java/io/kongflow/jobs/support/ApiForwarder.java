package io.kongflow.jobs.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.IntSupplier;

/**
 * A fixed url in front of the replicas of a test, for the SDK endpoint's {@code apiUrl} (which the
 * SDK reads once, at start): each request goes to the first replica still alive that answers
 * other than 503, so the tasks API the SDK calls keeps answering after one replica is killed or
 * while one shuts down.
 */
public final class ApiForwarder implements AutoCloseable {

    private static final Set<String> NOT_FORWARDED =
            Set.of("host", "content-length", "connection", "transfer-encoding", "upgrade", "expect");

    /** A replica: its port, and whether it is still alive. */
    public record Target(IntSupplier port, java.util.function.BooleanSupplier alive) {}

    private final HttpServer server;
    private final HttpClient client = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    private final List<Target> targets = new CopyOnWriteArrayList<>();

    private ApiForwarder(HttpServer server) {
        this.server = server;
    }

    public static ApiForwarder start(List<Target> targets) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        ApiForwarder forwarder = new ApiForwarder(server);
        forwarder.targets.addAll(targets);
        server.createContext("/", forwarder::forward);
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
        return forwarder;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void forward(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            HttpResponse<byte[]> response = null;
            // A replica shutting down answers 503 (or no longer accepts): the next one alive answers, as
            // a load balancer takes a pod out of rotation.
            for (Target target : targets) {
                if (!target.alive().getAsBoolean()) {
                    continue;
                }
                try {
                    response = client.send(request(exchange, target, body), HttpResponse.BodyHandlers.ofByteArray());
                } catch (java.net.ConnectException refused) {
                    continue;
                }
                if (response.statusCode() != 503) {
                    break;
                }
            }
            if (response == null) {
                exchange.sendResponseHeaders(503, -1);
                return;
            }
            response.headers().map().forEach((name, values) -> {
                if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                    exchange.getResponseHeaders().put(name, values);
                }
            });
            byte[] answer = response.body();
            exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
            if (answer.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            exchange.sendResponseHeaders(502, -1);
        }
    }

    private static HttpRequest request(HttpExchange exchange, Target target, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + target.port().getAsInt() + exchange.getRequestURI()))
                .timeout(Duration.ofSeconds(30))
                .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> request.header(name, value));
            }
        });
        return request.build();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
