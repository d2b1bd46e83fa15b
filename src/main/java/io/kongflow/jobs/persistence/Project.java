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

/** A project of an organization; jobs belong to a project, versions to its environments. */
@Entity
@Table(name = "projects")
public class Project extends PanacheEntityBase {
    @Id
    @GeneratedValue
    public UUID id;

    @Column(name = "organization_id")
    public UUID organizationId;

    public String slug;
    public String name;

    @CreationTimestamp
    @Column(name = "created_at")
    public Instant createdAt;

    @UpdateTimestamp
    @Column(name = "updated_at")
    public Instant updatedAt;
}
