package io.kongflow.jobs.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.CreationTimestamp;
import org.hibernate.annotations.UpdateTimestamp;

/** The integration a job version uses under one key. */
@Entity
@Table(name = "job_integrations")
public class JobIntegration extends PanacheEntityBase {
    @Id
    @GeneratedValue
    public UUID id;

    @Column(name = "job_id")
    public UUID jobId;

    @Column(name = "version_id")
    public UUID versionId;

    @Column(name = "integration_id")
    public UUID integrationId;

    @Column(name = "\"key\"")
    public String key;

    @CreationTimestamp
    @Column(name = "created_at")
    public Instant createdAt;

    @UpdateTimestamp
    @Column(name = "updated_at")
    public Instant updatedAt;
}
