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

/** A user's SDK endpoint in one environment; a NULL url means it was deleted (disabled). */
@Entity
@Table(name = "endpoints")
public class Endpoint extends PanacheEntityBase {
    @Id
    @GeneratedValue
    public UUID id;

    @Column(name = "environment_id")
    public UUID environmentId;

    @Column(name = "project_id")
    public UUID projectId;

    @Column(name = "organization_id")
    public UUID organizationId;

    public String slug;
    public String url;

    @Column(name = "indexing_hook_identifier")
    public String indexingHookIdentifier;

    public String version;

    @Column(name = "sdk_version")
    public String sdkVersion;

    @CreationTimestamp
    @Column(name = "created_at")
    public Instant createdAt;

    @UpdateTimestamp
    @Column(name = "updated_at")
    public Instant updatedAt;
}
