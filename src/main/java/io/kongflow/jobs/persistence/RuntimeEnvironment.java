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

/** A runtime environment of a project, reached with its secret API key (stored only as a hash). */
@Entity
@Table(name = "runtime_environments")
public class RuntimeEnvironment extends PanacheEntityBase {
    @Id
    @GeneratedValue
    public UUID id;

    @Column(name = "organization_id")
    public UUID organizationId;

    @Column(name = "project_id")
    public UUID projectId;

    public String slug;

    @Enumerated(EnumType.STRING)
    public EnvironmentType type;

    @Column(name = "api_key_hash")
    public String apiKeyHash;

    @Column(name = "api_key_ciphertext")
    public String apiKeyCiphertext;

    @Column(name = "auto_enable_internal_sources")
    public boolean autoEnableInternalSources = true;

    @CreationTimestamp
    @Column(name = "created_at")
    public Instant createdAt;

    @UpdateTimestamp
    @Column(name = "updated_at")
    public Instant updatedAt;
}
