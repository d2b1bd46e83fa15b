package io.kongflow.jobs.indexing;

import com.fasterxml.jackson.databind.JsonNode;
import io.kongflow.jobs.persistence.EndpointRows;
import io.kongflow.jobs.persistence.Postgres;
import io.kongflow.jobs.problem.InvalidInput;
import io.kongflow.jobs.registration.SyncEndpointJobs;
import io.kongflow.jobs.registration.SyncReport;
import io.kongflow.jobs.schedules.DynamicSchedules;
import io.kongflow.jobs.tenancy.Caller;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * An endpoint's list pushed to us, taken as its index's answer would be: {@code jobs} synced as
 * {@link SyncEndpointJobs} does, then its {@code dynamicSchedules} recorded. The whole body is
 * checked first, so a bad dynamic schedule changes nothing.
 */
@ApplicationScoped
public class PushedJobList {

    private final Postgres postgres;
    private final SyncEndpointJobs syncJobs;
    private final DynamicSchedules dynamicSchedules;

    PushedJobList(Postgres postgres, SyncEndpointJobs syncJobs, DynamicSchedules dynamicSchedules) {
        this.postgres = postgres;
        this.syncJobs = syncJobs;
        this.dynamicSchedules = dynamicSchedules;
    }

    /** {@code {"jobs": [JobMetadata, ...], "dynamicSchedules": [{"id", "jobs": [{"id"}]}, ...]}}. */
    public Uni<SyncReport> sync(Caller caller, String endpointSlug, JsonNode body) {
        JsonNode jobs = body == null ? null : body.get("jobs");
        if (jobs == null || !jobs.isArray()) {
            throw new InvalidInput("jobs", jobs == null ? "is required" : "must be an array");
        }
        JsonNode schedules = body.get("dynamicSchedules");
        DynamicSchedules.check(schedules);
        return EndpointRows.require(postgres.statements(), caller.environmentId(), endpointSlug)
                .chain(endpointId -> syncJobs.sync(caller, endpointId, jobs)
                        .call(() -> dynamicSchedules.sync(caller.environmentId(), endpointId, schedules)));
    }
}
