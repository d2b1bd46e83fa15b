package io.kongflow.jobs.api;

import io.kongflow.jobs.config.KongflowConfig;
import io.kongflow.jobs.problem.Problem;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.io.ByteArrayInputStream;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Answers a body over the limit with a 413 problem document: {@code kongflow.http.max-body-size}
 * (1 MiB) for every route but a task's completion, which takes up to
 * {@code quarkus.http.limits.max-body-size} (an output of up to v2's 3 Mi characters, as JSON text
 * in a JSON string; {@code TaskCompletion} then holds the output itself to v2's limit). A {@code Content-Length} over the limit
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

    private static final Pattern TASK_COMPLETION = Pattern.compile("/api/v1/runs/[^/]+/tasks/[^/]+/complete/?");

    private final long maxBodyBytes;
    private final long maxCompletionBytes;

    public BodySizeLimit(
            KongflowConfig config,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxCompletionSize) {
        this.maxBodyBytes = config.http().maxBodySize().asLongValue();
        this.maxCompletionBytes = maxCompletionSize.asLongValue();
    }

    /** The limit of this request's route. */
    private long limit(HttpServerRequest request) {
        return request.method() == HttpMethod.POST
                        && TASK_COMPLETION.matcher(request.path()).matches()
                ? maxCompletionBytes
                : maxBodyBytes;
    }

    void install(@Observes Router router) {
        router.route().order(-1000).handler(context -> {
            HttpServerRequest request = context.request();
            String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null) {
                if (exceeds(length, limit(request))) {
                    tooLarge(context, limit(request));
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
        long limit = limit(request);
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
            if (body.length() + (long) chunk.length() > limit) {
                refused[0] = true;
                tooLarge(context, limit);
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

    private void tooLarge(RoutingContext context, long limit) {
        String detail = "Request body too large; the limit is " + limit + " bytes";
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

    private static boolean exceeds(String contentLength, long limit) {
        try {
            return Long.parseLong(contentLength.trim()) > limit;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
