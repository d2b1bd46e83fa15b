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

/** A named pointer (such as {@code latest}) of a job in an environment to one of its versions. */
@Entity
@Table(name = "job_aliases")
public class JobAlias extends PanacheEntityBase {
    @Id
    @GeneratedValue
    public UUID id;

    @Column(name = "job_id")
    public UUID jobId;

    @Column(name = "environment_id")
    public UUID environmentId;

    @Column(name = "version_id")
    public UUID versionId;

    public String name;

    @Column(name = "\"value\"")
    public String value;

    @CreationTimestamp
    @Column(name = "created_at")
    public Instant createdAt;

    @UpdateTimestamp
    @Column(name = "updated_at")
    public Instant updatedAt;
}
