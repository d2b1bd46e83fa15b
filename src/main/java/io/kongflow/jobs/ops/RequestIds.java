package io.kongflow.jobs.ops;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jboss.logging.MDC;

/**
 * Gives every request an id: the caller's {@code X-Request-Id} when it is sane, a new one
 * otherwise. It is echoed in the response, put in the logging context (every log line of the
 * request carries it), and named in problem documents.
 */
@ApplicationScoped
public class RequestIds {

    public static final String HEADER = "X-Request-Id";
    public static final String MDC_KEY = "requestId";
    private static final Pattern SANE = Pattern.compile("^[A-Za-z0-9._:-]{1,128}$");

    void install(@Observes Router router) {
        router.route().order(-2000).handler(context -> {
            String given = context.request().getHeader(HEADER);
            String id = given != null && SANE.matcher(given).matches()
                    ? given
                    : UUID.randomUUID().toString();
            // Set on the request too, so the access log (%{i,X-Request-Id}) shows generated ids.
            context.request().headers().set(HEADER, id);
            context.response().putHeader(HEADER, id);
            MDC.put(MDC_KEY, id);
            context.addEndHandler(ignored -> MDC.remove(MDC_KEY));
            context.next();
        });
    }

    /** The id of the request (always set by the time a resource or mapper runs). */
    public static String of(HttpServerRequest request) {
        String id = request.getHeader(HEADER);
        return id == null ? "unknown" : id;
    }
}
