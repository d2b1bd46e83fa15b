package io.kongflow.jobs.registration;

import io.kongflow.jobs.persistence.VersionStatus;
import io.kongflow.jobs.tenancy.Caller;
import java.util.UUID;

/** What one registration knows as its pipeline advances: the input, then each step's result. */
final class RegistrationState {

    final Caller caller;
    final UUID endpointId;
    final JobMetadata metadata;

    UUID jobId;
    boolean jobCreated;
    boolean jobInternal;
    /** The job had been soft-deleted and this registration brought it back. */
    boolean jobRestored;

    UUID queueId;
    int queueMaxJobs;
    UUID versionId;
    boolean versionCreated;
    /** False when the version was registered before with the same content, endpoint and status. */
    boolean versionChanged;
    /** This registration pointed {@code latest} somewhere new (or created it). */
    boolean latestMoved;

    UUID latestVersionId;
    String latestVersion;

    RegistrationState(Caller caller, UUID endpointId, JobMetadata metadata) {
        this.caller = caller;
        this.endpointId = endpointId;
        this.metadata = metadata;
    }

    private byte[] rank;

    /** The version's precedence as sortable bytes ({@link VersionOrder#rank()}). */
    byte[] rank() {
        if (rank == null) {
            rank = VersionOrder.parse(metadata.version()).rank();
        }
        return rank;
    }

    VersionStatus status() {
        return metadata.enabled() ? VersionStatus.ACTIVE : VersionStatus.DISABLED;
    }

    boolean isLatest() {
        return versionId.equals(latestVersionId);
    }

    /** Whether the registration wrote anything a read of the catalog shows. */
    boolean changedCatalog() {
        return jobCreated || jobRestored || versionCreated || versionChanged || latestMoved;
    }
}
