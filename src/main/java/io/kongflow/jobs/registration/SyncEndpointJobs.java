package io.kongflow.jobs.registration;

import com.fasterxml.jackson.databind.JsonNode;
import io.kongflow.jobs.persistence.AliasName;
import io.kongflow.jobs.persistence.Parameters;
import io.kongflow.jobs.persistence.Postgres;
import io.kongflow.jobs.problem.ApiException;
import io.kongflow.jobs.problem.InvalidInput;
import io.kongflow.jobs.registration.SyncReport.JobReport;
import io.kongflow.jobs.tenancy.Caller;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Brings an endpoint's jobs in line with the list it serves (push sync and indexing share it):
 * each enabled job is registered and each disabled one disabled, each in its own transaction so
 * that one job's failure never stops the others; then this endpoint's jobs missing from the list
 * are disabled (other endpoints' jobs are left alone), but only those whose latest version was
 * registered before the list was taken: a job pushed meanwhile is newer than the list.
 */
@ApplicationScoped
public class SyncEndpointJobs {

    private static final String LATEST_FROM_ENDPOINT = """
            SELECT j.slug, v.version FROM job_aliases a
            JOIN job_versions v ON v.id = a.version_id
            JOIN jobs j ON j.id = a.job_id
            WHERE a.environment_id = :environmentId AND a.name = %s AND v.endpoint_id = :endpointId
              AND v.status = 'ACTIVE' AND j.deleted_at IS NULL
              AND v.updated_at < :listedAt AND a.updated_at < :listedAt
            ORDER BY j.slug""".formatted(AliasName.LATEST_SQL);

    /** A job whose latest version came from the endpoint. */
    private record Served(String slug, String version) {}

    // The clock of the database, which also stamps every registration; the JVM's may differ from it.
    private static final String NOW = "SELECT clock_timestamp() AS now";

    private final Postgres postgres;
    private final RegisterJob registerJob;
    private final DisableJob disableJob;

    SyncEndpointJobs(Postgres postgres, RegisterJob registerJob, DisableJob disableJob) {
        this.postgres = postgres;
        this.registerJob = registerJob;
        this.disableJob = disableJob;
    }

    /** The database's time now: take it just before asking an endpoint for its list. */
    public Uni<OffsetDateTime> now() {
        return postgres.statements().first(NOW, Parameters.NONE, row -> row.getOffsetDateTime("now"));
    }

    /** Syncs a list taken now (a pushed list). */
    public Uni<SyncReport> sync(Caller caller, UUID endpointId, JsonNode jobs) {
        return now().chain(listedAt -> sync(caller, endpointId, jobs, listedAt));
    }

    /** Syncs a list the endpoint was asked for at {@code listedAt}. */
    public Uni<SyncReport> sync(Caller caller, UUID endpointId, JsonNode jobs, OffsetDateTime listedAt) {
        List<JobReport> reports = new ArrayList<>();
        Set<String> listed = new HashSet<>();
        List<JsonNode> documents = new ArrayList<>();
        jobs.forEach(documents::add);
        return Multi.createFrom()
                .range(0, documents.size())
                .onItem()
                .transformToUniAndConcatenate(i -> syncOne(caller, endpointId, documents.get(i), i, listed))
                .invoke(reports::add)
                .collect()
                .last()
                .chain(() -> disableMissing(caller, endpointId, listedAt, listed, reports))
                .map(ignored -> report(reports));
    }

    private Uni<JobReport> syncOne(Caller caller, UUID endpointId, JsonNode document, int index, Set<String> listed) {
        JsonNode id = document.get("id");
        if (id != null && id.isTextual()) {
            // Listed, even if invalid: a job that fails validation is reported failed, not disabled as missing.
            listed.add(id.textValue());
        }
        JobMetadata metadata;
        try {
            metadata = registerJob.read(document, "jobs[" + index + "].");
        } catch (InvalidInput invalid) {
            String slug = id != null && id.isTextual() ? id.textValue() : null;
            return Uni.createFrom()
                    .item(new JobReport(slug, null, SyncReport.FAILED, null, invalid.getMessage(), invalid.errors()));
        }
        Uni<JobReport> outcome = metadata.enabled()
                ? registerJob
                        .register(caller, endpointId, metadata)
                        .map(result -> new JobReport(
                                metadata.slug(),
                                metadata.version(),
                                result.outcome().wire(),
                                result.modified(),
                                null,
                                null))
                : disableJob
                        .disable(caller, metadata.slug(), metadata.version())
                        .map(disabled -> new JobReport(
                                metadata.slug(), metadata.version(), SyncReport.DISABLED, disabled, null, null));
        return outcome.onFailure().recoverWithItem(failure -> failed(metadata, failure));
    }

    private Uni<Void> disableMissing(
            Caller caller, UUID endpointId, OffsetDateTime listedAt, Set<String> listed, List<JobReport> reports) {
        return latestFromEndpoint(caller, endpointId, listedAt)
                .onItem()
                .transformToMulti(rows -> Multi.createFrom().iterable(rows))
                .filter(served -> !listed.contains(served.slug()))
                .onItem()
                .transformToUniAndConcatenate(served -> disableJob
                        .disableMissing(caller, served.slug(), served.version(), endpointId)
                        .map(disabled -> new JobReport(
                                served.slug(),
                                served.version(),
                                SyncReport.DISABLED,
                                disabled,
                                "missing from the endpoint's job list",
                                null)))
                .invoke(reports::add)
                .collect()
                .last()
                .replaceWithVoid();
    }

    private Uni<List<Served>> latestFromEndpoint(Caller caller, UUID endpointId, OffsetDateTime listedAt) {
        return postgres.statements()
                .list(
                        LATEST_FROM_ENDPOINT,
                        Parameters.with("environmentId", caller.environmentId())
                                .and("endpointId", endpointId)
                                .and("listedAt", listedAt),
                        row -> new Served(row.getString("slug"), row.getString("version")));
    }

    private static JobReport failed(JobMetadata metadata, Throwable failure) {
        String reason = failure instanceof ApiException known ? known.getMessage() : "registration failed";
        if (!(failure instanceof ApiException)) {
            Log.errorf(failure, "Registration of job %s %s failed", metadata.slug(), metadata.version());
        }
        return new JobReport(metadata.slug(), metadata.version(), SyncReport.FAILED, null, reason, null);
    }

    private static SyncReport report(List<JobReport> reports) {
        int registered = 0;
        int disabled = 0;
        int failed = 0;
        for (JobReport report : reports) {
            switch (report.outcome()) {
                case SyncReport.DISABLED -> disabled++;
                case SyncReport.FAILED -> failed++;
                default -> registered++;
            }
        }
        return new SyncReport(reports, new SyncReport.Stats(registered, disabled, failed));
    }
}
