package io.kongflow.jobs.persistence;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.CreationTimestamp;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.annotations.UpdateTimestamp;
import org.hibernate.type.SqlTypes;

/** An event received or created in an environment (test runs and invocations create one). */
@Entity
@Table(name = "event_records")
public class EventRecord extends PanacheEntityBase {
    @Id
    @GeneratedValue
    public UUID id;

    @Column(name = "environment_id")
    public UUID environmentId;

    @Column(name = "organization_id")
    public UUID organizationId;

    @Column(name = "project_id")
    public UUID projectId;

    @Column(name = "external_account_id")
    public UUID externalAccountId;

    @Column(name = "event_id")
    public String eventId;

    public String name;
    public String source;

    @JdbcTypeCode(SqlTypes.JSON)
    public JsonNode payload;

    @JdbcTypeCode(SqlTypes.JSON)
    public JsonNode context;

    @Column(name = "is_test")
    public boolean isTest;

    public boolean internal;

    @Column(name = "\"timestamp\"")
    public Instant timestamp;

    @CreationTimestamp
    @Column(name = "created_at")
    public Instant createdAt;

    @UpdateTimestamp
    @Column(name = "updated_at")
    public Instant updatedAt;
}
