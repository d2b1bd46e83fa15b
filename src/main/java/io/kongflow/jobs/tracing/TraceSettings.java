package io.kongflow.jobs.tracing;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/** The {@code kongflow.traces.*} settings (the OpenTelemetry ones are {@code quarkus.otel.*}). */
@ConfigMapping(prefix = "kongflow.traces")
public interface TraceSettings {

    /**
     * A trace viewer's URL with {@code {traceId}} where the trace id goes (e.g.
     * {@code https://jaeger.example.com/trace/{traceId}}): the console's run page links a run's trace
     * id there. Unset: the id is shown as text.
     */
    Optional<String> viewerUrl();

    /** The viewer's link to a trace, or null when no viewer is set or the run has no trace. */
    default String link(String traceId) {
        return traceId == null
                ? null
                : viewerUrl().map(url -> url.replace("{traceId}", traceId)).orElse(null);
    }
}
