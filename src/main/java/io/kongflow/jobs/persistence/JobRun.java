package io.kongflow.jobs.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.CreationTimestamp;
import org.hibernate.annotations.UpdateTimestamp;

/** One run of a job version, numbered per job. */
@Entity
@Table(name = "job_runs")
public class JobRun extends PanacheEntityBase {
    @Id
    @GeneratedValue
    public UUID id;

    @Column(name = "job_id")
    public UUID jobId;

    @Column(name = "version_id")
    public UUID versionId;

    @Column(name = "environment_id")
    public UUID environmentId;

    @Column(name = "organization_id")
    public UUID organizationId;

    @Column(name = "project_id")
    public UUID projectId;

    @Column(name = "endpoint_id")
    public UUID endpointId;

    @Column(name = "queue_id")
    public UUID queueId;

    @Column(name = "event_id")
    public UUID eventId;

    @Column(name = "external_account_id")
    public UUID externalAccountId;

    @Column(name = "\"number\"")
    public int number;

    @Enumerated(EnumType.STRING)
    public RunStatus status;

    @Column(name = "is_test")
    public boolean isTest;

    public boolean internal;
    public boolean preprocess;

    @Column(name = "queued_at")
    public Instant queuedAt;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "completed_at")
    public Instant completedAt;

    @CreationTimestamp
    @Column(name = "created_at")
    public Instant createdAt;

    @UpdateTimestamp
    @Column(name = "updated_at")
    public Instant updatedAt;
}
