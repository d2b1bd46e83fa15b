package io.kongflow.jobs.registration;

import io.kongflow.jobs.ops.ServiceMetrics;
import io.kongflow.jobs.persistence.VersionStatus;
import io.kongflow.jobs.registration.RegistrationResult.ExampleView;
import io.kongflow.jobs.registration.RegistrationResult.IntegrationView;
import io.kongflow.jobs.registration.RegistrationResult.JobView;
import io.kongflow.jobs.registration.RegistrationResult.Outcome;
import io.kongflow.jobs.registration.RegistrationResult.QueueView;
import io.kongflow.jobs.registration.RegistrationResult.VersionView;
import io.kongflow.jobs.tenancy.Caller;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * Registers one job from an endpoint: runs the pipeline and reports what happened.
 */
@ApplicationScoped
public class RegisterJob {

    private static final String FAILED = "failed";

    private final RegistrationPipeline pipeline;
    private final ServiceMetrics metrics;

    RegisterJob(RegistrationPipeline pipeline, ServiceMetrics metrics) {
        this.pipeline = pipeline;
        this.metrics = metrics;
    }

    public Uni<RegistrationResult> register(Caller caller, UUID endpointId, JobMetadata metadata) {
        long started = System.nanoTime();
        return pipeline.run(() -> new RegistrationState(caller, endpointId, metadata))
                .map(RegisterJob::result)
                .onFailure(RegistrationSkipped.class)
                .recoverWithItem(failure -> skipped(metadata, (RegistrationSkipped) failure))
                .invoke(result -> metrics.registration(result.outcome().wire(), System.nanoTime() - started))
                .onFailure()
                .invoke(failure -> metrics.registration(FAILED, System.nanoTime() - started));
    }

    /** A registration refused before it started (invalid metadata) counts as failed too. */
    public void refused() {
        metrics.registration(FAILED, 0);
    }

    private static RegistrationResult result(RegistrationState state) {
        JobMetadata metadata = state.metadata;
        Outcome outcome = state.jobCreated || state.versionCreated
                ? Outcome.CREATED
                : state.versionChanged || state.jobRestored ? Outcome.UPDATED : Outcome.UNCHANGED;
        VersionView version = new VersionView(
                state.versionId,
                metadata.version(),
                VersionStatus.valueOf(state.status()),
                new QueueView(state.queueId, metadata.queue().name(), state.queueMaxJobs),
                metadata.examples().stream()
                        .map(e -> new ExampleView(e.id(), e.name(), e.icon(), e.payload()))
                        .toList(),
                metadata.integrations().stream()
                        .map(i -> new IntegrationView(i.key(), i.id(), i.authSource()))
                        .toList());
        return new RegistrationResult(
                outcome,
                outcome != Outcome.UNCHANGED,
                new JobView(state.jobId, metadata.slug(), metadata.title(), state.jobInternal),
                version,
                state.latestVersion);
    }

    private static RegistrationResult skipped(JobMetadata metadata, RegistrationSkipped skipped) {
        return new RegistrationResult(
                Outcome.SKIPPED,
                false,
                new JobView(skipped.jobId, metadata.slug(), metadata.title(), skipped.internal),
                null,
                null);
    }
}
