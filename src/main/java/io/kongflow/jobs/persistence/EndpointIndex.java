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

/** One indexing of an endpoint: durable work from PENDING to SUCCESS or FAILURE. */
@Entity
@Table(name = "endpoint_indexes")
public class EndpointIndex extends PanacheEntityBase {
    @Id
    @GeneratedValue
    public UUID id;

    @Column(name = "endpoint_id")
    public UUID endpointId;

    @Enumerated(EnumType.STRING)
    public IndexSource source;

    @Enumerated(EnumType.STRING)
    public IndexStatus status;

    public String reason;

    @Column(name = "source_data")
    @JdbcTypeCode(SqlTypes.JSON)
    public JsonNode sourceData;

    @JdbcTypeCode(SqlTypes.JSON)
    public JsonNode stats;

    @JdbcTypeCode(SqlTypes.JSON)
    public JsonNode data;

    @JdbcTypeCode(SqlTypes.JSON)
    public JsonNode error;

    public int attempts;

    @Column(name = "started_at")
    public Instant startedAt;

    @CreationTimestamp
    @Column(name = "created_at")
    public Instant createdAt;

    @UpdateTimestamp
    @Column(name = "updated_at")
    public Instant updatedAt;
}
