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

/** A configured integration of an organization (a connection to a third-party API). */
@Entity
@Table(name = "integrations")
public class Integration extends PanacheEntityBase {
    @Id
    @GeneratedValue
    public UUID id;

    @Column(name = "organization_id")
    public UUID organizationId;

    @Column(name = "definition_id")
    public String definitionId;

    public String slug;
    public String title;

    @Column(name = "auth_source")
    @Enumerated(EnumType.STRING)
    public AuthSource authSource;

    @Column(name = "connection_type")
    @Enumerated(EnumType.STRING)
    public ConnectionType connectionType;

    @Column(name = "setup_status")
    @Enumerated(EnumType.STRING)
    public SetupStatus setupStatus;

    @CreationTimestamp
    @Column(name = "created_at")
    public Instant createdAt;

    @UpdateTimestamp
    @Column(name = "updated_at")
    public Instant updatedAt;
}
