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

/** A queue of an environment bounding how many runs of its jobs execute at once. */
@Entity
@Table(name = "job_queues")
public class JobQueue extends PanacheEntityBase {
    @Id
    @GeneratedValue
    public UUID id;

    @Column(name = "environment_id")
    public UUID environmentId;

    public String name;

    @Column(name = "max_jobs")
    public int maxJobs;

    @Column(name = "job_count")
    public int jobCount;

    @CreationTimestamp
    @Column(name = "created_at")
    public Instant createdAt;

    @UpdateTimestamp
    @Column(name = "updated_at")
    public Instant updatedAt;
}
