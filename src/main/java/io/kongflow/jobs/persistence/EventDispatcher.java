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

/** Routes matching events of an environment to the version a job's {@code latest} alias names. */
@Entity
@Table(name = "event_dispatchers")
public class EventDispatcher extends PanacheEntityBase {
    @Id
    @GeneratedValue
    public UUID id;

    @Column(name = "environment_id")
    public UUID environmentId;

    @Column(name = "dispatchable_id")
    public String dispatchableId;

    @JdbcTypeCode(SqlTypes.JSON)
    public JsonNode dispatchable;

    @JdbcTypeCode(SqlTypes.ARRAY)
    public String[] event;

    public String source;

    @Column(name = "payload_filter")
    @JdbcTypeCode(SqlTypes.JSON)
    public JsonNode payloadFilter;

    @Column(name = "context_filter")
    @JdbcTypeCode(SqlTypes.JSON)
    public JsonNode contextFilter;

    public boolean manual;
    public boolean enabled;

    @CreationTimestamp
    @Column(name = "created_at")
    public Instant createdAt;

    @UpdateTimestamp
    @Column(name = "updated_at")
    public Instant updatedAt;
}
