package io.kongflow.jobs.persistence;

import com.fasterxml.jackson.databind.JsonNode;
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
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.annotations.UpdateTimestamp;
import org.hibernate.type.SqlTypes;

/** One registered version of a job in one environment. */
@Entity
@Table(name = "job_versions")
public class JobVersion extends PanacheEntityBase {
    @Id
    @GeneratedValue
    public UUID id;

    @Column(name = "job_id")
    public UUID jobId;

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

    public String version;

    @Column(name = "event_specification")
    @JdbcTypeCode(SqlTypes.JSON)
    public JsonNode eventSpecification;

    @JdbcTypeCode(SqlTypes.JSON)
    public JsonNode trigger;

    @JdbcTypeCode(SqlTypes.JSON)
    public JsonNode properties;

    @Column(name = "trigger_link")
    public String triggerLink;

    @Column(name = "trigger_help")
    @JdbcTypeCode(SqlTypes.JSON)
    public JsonNode triggerHelp;

    @Column(name = "start_position")
    @Enumerated(EnumType.STRING)
    public StartPosition startPosition;

    @Column(name = "preprocess_runs")
    public boolean preprocessRuns;

    @Enumerated(EnumType.STRING)
    public VersionStatus status;

    @Column(name = "content_hash")
    public String contentHash;

    @CreationTimestamp
    @Column(name = "created_at")
    public Instant createdAt;

    @UpdateTimestamp
    @Column(name = "updated_at")
    public Instant updatedAt;
}
