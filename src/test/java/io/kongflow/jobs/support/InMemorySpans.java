package io.kongflow.jobs.support;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The tests' span exporter: with tracing on (a profile sets {@code quarkus.otel.sdk.disabled=false})
 * every span the service ends is kept here instead of being sent over OTLP; with tracing off it
 * stays empty.
 */
@ApplicationScoped
public class InMemorySpans {

    @Produces
    @Singleton
    InMemorySpanExporter exporter() {
        return InMemorySpanExporter.create();
    }
}
