package io.kongflow.jobs.registration;

import io.kongflow.jobs.persistence.Postgres;
import io.kongflow.jobs.persistence.Statements;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Supplier;

/**
 * RegisterJob: the seven steps, in order, in one transaction, retried whole when
 * PostgreSQL aborts it for a reason a retry resolves.
 */
@ApplicationScoped
class RegistrationPipeline {

    private final Postgres postgres;
    private final JobUpsert job;
    private final QueueUpsert queue;
    private final VersionUpsert version;
    private final ExampleSync examples;
    private final IntegrationSync integrations;
    private final AliasUpdate alias;
    private final DispatcherReset dispatcher;

    RegistrationPipeline(
            Postgres postgres,
            JobUpsert job,
            QueueUpsert queue,
            VersionUpsert version,
            ExampleSync examples,
            IntegrationSync integrations,
            AliasUpdate alias,
            DispatcherReset dispatcher) {
        this.postgres = postgres;
        this.job = job;
        this.queue = queue;
        this.version = version;
        this.examples = examples;
        this.integrations = integrations;
        this.alias = alias;
        this.dispatcher = dispatcher;
    }

    /** Each attempt starts from a fresh state made by {@code start}. */
    Uni<RegistrationState> run(Supplier<RegistrationState> start) {
        return postgres.transaction(sql -> steps(sql, start.get()));
    }

    /**
     * The steps in their order; steps that need nothing from each other are issued together, and
     * the connection pipelines them (PostgreSQL still runs them one after the other, in the order
     * written here): 5 round trips instead of 9.
     */
    private Uni<RegistrationState> steps(Statements sql, RegistrationState state) {
        return together(job.apply(sql, state), queue.apply(sql, state))
                .chain(() -> version.apply(sql, state))
                .chain(() ->
                        together(examples.apply(sql, state), integrations.apply(sql, state), alias.apply(sql, state)))
                .chain(() -> dispatcher.apply(sql, state))
                .replaceWith(state);
    }

    @SafeVarargs
    private static Uni<Void> together(Uni<Void>... steps) {
        return Uni.combine().all().unis(steps).discardItems();
    }
}
