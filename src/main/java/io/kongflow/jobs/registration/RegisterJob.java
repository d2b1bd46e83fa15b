package io.kongflow.jobs.registration;

import com.fasterxml.jackson.databind.JsonNode;
import io.kongflow.jobs.ops.ServiceMetrics;
import io.kongflow.jobs.persistence.CatalogChanges;
import io.kongflow.jobs.persistence.EndpointRows;
import io.kongflow.jobs.persistence.Postgres;
import io.kongflow.jobs.problem.InvalidInput;
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

    private final Postgres postgres;
    private final RegistrationPipeline pipeline;
    private final ServiceMetrics metrics;
    private final CatalogChanges catalog;

    RegisterJob(Postgres postgres, RegistrationPipeline pipeline, ServiceMetrics metrics, CatalogChanges catalog) {
        this.postgres = postgres;
        this.pipeline = pipeline;
        this.metrics = metrics;
        this.catalog = catalog;
    }

    /** A push of one job to the caller's endpoint: invalid metadata is refused before anything is read or written. */
    public Uni<RegistrationResult> register(Caller caller, String endpointSlug, JsonNode document) {
        JobMetadata metadata = read(document, "");
        return EndpointRows.require(postgres.statements(), caller.environmentId(), endpointSlug)
                .chain(endpointId -> register(caller, endpointId, metadata));
    }

    /** The validated metadata; a refusal ({@link InvalidInput}, every offending path) counts as a failed registration. */
    JobMetadata read(JsonNode document, String pathPrefix) {
        try {
            return MetadataReader.read(document, pathPrefix);
        } catch (InvalidInput invalid) {
            metrics.registration(SyncReport.FAILED, 0);
            throw invalid;
        }
    }

    public Uni<RegistrationResult> register(Caller caller, UUID endpointId, JobMetadata metadata) {
        long started = System.nanoTime();
        return pipeline.run(() -> new RegistrationState(caller, endpointId, metadata))
                .invoke(state -> {
                    if (state.changedCatalog()) {
                        catalog.changed(caller.projectId());
                    }
                })
                .map(RegisterJob::result)
                .onFailure(RegistrationSkipped.class)
                .recoverWithItem(failure -> skipped(metadata, (RegistrationSkipped) failure))
                .invoke(result -> metrics.registration(result.outcome().wire(), System.nanoTime() - started))
                .onFailure()
                .invoke(failure -> metrics.registration(SyncReport.FAILED, System.nanoTime() - started));
    }

    private static RegistrationResult result(RegistrationState state) {
        JobMetadata metadata = state.metadata;
        Outcome outcome = state.jobCreated || state.versionCreated
                ? Outcome.CREATED
                : state.versionChanged || state.jobRestored ? Outcome.UPDATED : Outcome.UNCHANGED;
        VersionView version = new VersionView(
                state.versionId,
                metadata.version(),
                state.status(),
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
