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

/** A customer organization: the root of ownership; deleting it removes everything beneath. */
@Entity
@Table(name = "organizations")
public class Organization extends PanacheEntityBase {
    @Id
    @GeneratedValue
    public UUID id;

    public String slug;
    public String title;

    @Column(name = "runs_enabled")
    public boolean runsEnabled = true;

    @CreationTimestamp
    @Column(name = "created_at")
    public Instant createdAt;

    @UpdateTimestamp
    @Column(name = "updated_at")
    public Instant updatedAt;
}
