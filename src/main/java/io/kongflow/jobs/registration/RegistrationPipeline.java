package io.kongflow.jobs.registration;

import io.kongflow.jobs.persistence.Postgres;
import io.kongflow.jobs.persistence.Statements;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.function.Supplier;

/**
 * RegisterJob (SPEC §4): the seven steps, in order, in one transaction, retried whole when
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

    RegistrationPipeline(Postgres postgres, JobUpsert job, QueueUpsert queue, VersionUpsert version, ExampleSync examples,
                         IntegrationSync integrations, AliasUpdate alias, DispatcherReset dispatcher) {
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

    private Uni<RegistrationState> steps(Statements sql, RegistrationState state) {
        return job.apply(sql, state)
                .chain(() -> queue.apply(sql, state))
                .chain(() -> version.apply(sql, state))
                .chain(() -> examples.apply(sql, state))
                .chain(() -> integrations.apply(sql, state))
                .chain(() -> alias.apply(sql, state))
                .chain(() -> dispatcher.apply(sql, state))
                .replaceWith(state);
    }
}
