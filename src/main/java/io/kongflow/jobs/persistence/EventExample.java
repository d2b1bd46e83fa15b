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

/** An example event payload of a job version, shown to users for test runs. */
@Entity
@Table(name = "event_examples")
public class EventExample extends PanacheEntityBase {
    @Id
    @GeneratedValue
    public UUID id;

    @Column(name = "job_version_id")
    public UUID jobVersionId;

    public String slug;
    public String name;
    public String icon;

    @JdbcTypeCode(SqlTypes.JSON)
    public JsonNode payload;

    @CreationTimestamp
    @Column(name = "created_at")
    public Instant createdAt;

    @UpdateTimestamp
    @Column(name = "updated_at")
    public Instant updatedAt;
}
