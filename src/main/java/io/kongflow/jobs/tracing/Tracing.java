package io.kongflow.jobs.tracing;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.propagation.TextMapPropagator;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Whether traces are on ({@code quarkus.otel.sdk.disabled=false}), the service's tracer and the
 * propagator of the context it sends: what every span maker of this package shares. Off, no span
 * maker does anything but read this flag.
 */
@ApplicationScoped
class Tracing {

    static final String SCOPE = "io.kongflow.jobs";

    private final boolean on;
    private final Tracer tracer;
    private final TextMapPropagator propagator;

    Tracing(OpenTelemetry openTelemetry, @ConfigProperty(name = "quarkus.otel.sdk.disabled") boolean disabled) {
        this.on = !disabled;
        this.tracer = openTelemetry.getTracer(SCOPE);
        this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
    }

    boolean on() {
        return on;
    }

    Tracer tracer() {
        return tracer;
    }

    TextMapPropagator propagator() {
        return propagator;
    }
}
