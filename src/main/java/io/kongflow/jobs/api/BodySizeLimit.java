package io.kongflow.jobs.api;

import io.kongflow.jobs.problem.Problem;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.io.ByteArrayInputStream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Answers a body over the limit with a 413 problem document. A {@code Content-Length} over the limit
 * is refused before anything is read. A chunked body (no length) is read here, on the event loop, up
 * to the limit, and handed to Quarkus REST whole: left to Quarkus REST, it would be cut off with a
 * bare 413 on a worker thread and logged as an unexpected failure.
 */
@ApplicationScoped
public class BodySizeLimit {

    private static final String CHUNKED_BODY = BodySizeLimit.class.getName() + ".body";
    private static final long DRAIN_MILLIS = 2_000;
    /** Read after a refusal at most: over loopback a client sends gigabytes within the drain's time. */
    private static final long DRAIN_BYTES = 1024 * 1024;

    private final long maxBodyBytes;

    public BodySizeLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize) {
        this.maxBodyBytes = maxBodySize.asLongValue();
    }

    void install(@Observes Router router) {
        router.route().order(-1000).handler(context -> {
            HttpServerRequest request = context.request();
            String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null) {
                if (exceeds(length)) {
                    tooLarge(context);
                } else {
                    context.next();
                }
            } else if (request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null && !request.isEnded()) {
                readChunked(context);
            } else {
                context.next();
            }
        });
    }

    /** Gives Quarkus REST the chunked body read by the route, instead of the (consumed) request stream. */
    @ServerRequestFilter
    public void supplyChunkedBody(ContainerRequestContext request, RoutingContext context) {
        Buffer body = context.get(CHUNKED_BODY);
        if (body != null) {
            request.setEntityStream(new ByteArrayInputStream(body.getBytes()));
        }
    }

    private void readChunked(RoutingContext context) {
        HttpServerRequest request = context.request();
        Buffer body = Buffer.buffer();
        boolean[] refused = {false};
        long[] drained = {0};
        request.handler(chunk -> {
            if (refused[0]) {
                drained[0] += chunk.length();
                if (drained[0] > DRAIN_BYTES) {
                    request.connection().close();
                }
                return;
            }
            if (body.length() + (long) chunk.length() > maxBodyBytes) {
                refused[0] = true;
                tooLarge(context);
                // Drain a little (2 s, 1 MiB) so that the client can read the 413, but never an endless body.
                context.vertx()
                        .setTimer(DRAIN_MILLIS, timer -> request.connection().close());
                return;
            }
            body.appendBuffer(chunk);
        });
        request.endHandler(ended -> {
            if (refused[0]) {
                request.connection().close();
            } else {
                context.put(CHUNKED_BODY, body);
                context.next();
            }
        });
        request.resume();
    }

    private void tooLarge(RoutingContext context) {
        String detail = "Request body too large; the limit is " + maxBodyBytes + " bytes";
        Problem problem = new Problem(
                "https://kongflow.io/problems/payload-too-large",
                "Payload Too Large",
                413,
                detail,
                ProblemMapper.instance(context.request()),
                detail,
                null);
        context.response()
                .setStatusCode(413)
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(Json.encode(problem));
    }

    private boolean exceeds(String contentLength) {
        try {
            return Long.parseLong(contentLength.trim()) > maxBodyBytes;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
