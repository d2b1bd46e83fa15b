package io.kongflow.jobs.registration;

import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** RegisterJob (SPEC §4): the seven steps, in order, in one transaction. */
@ApplicationScoped
class RegistrationPipeline {

    private final JobUpsert job;
    private final QueueUpsert queue;
    private final VersionUpsert version;
    private final ExampleSync examples;
    private final IntegrationSync integrations;
    private final AliasUpdate alias;
    private final DispatcherReset dispatcher;

    RegistrationPipeline(JobUpsert job, QueueUpsert queue, VersionUpsert version, ExampleSync examples,
                         IntegrationSync integrations, AliasUpdate alias, DispatcherReset dispatcher) {
        this.job = job;
        this.queue = queue;
        this.version = version;
        this.examples = examples;
        this.integrations = integrations;
        this.alias = alias;
        this.dispatcher = dispatcher;
    }

    @WithTransaction
    Uni<RegistrationState> run(RegistrationState state) {
        return job.apply(state)
                .chain(() -> queue.apply(state))
                .chain(() -> version.apply(state))
                .chain(() -> examples.apply(state))
                .chain(() -> integrations.apply(state))
                .chain(() -> alias.apply(state))
                .chain(() -> dispatcher.apply(state))
                .replaceWith(state);
    }
}
