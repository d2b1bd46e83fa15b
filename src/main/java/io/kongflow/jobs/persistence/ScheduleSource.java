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

/** The schedule (cron or interval) of a scheduled job in an environment. */
@Entity
@Table(name = "schedule_sources")
public class ScheduleSource extends PanacheEntityBase {
    @Id
    @GeneratedValue
    public UUID id;

    @Column(name = "environment_id")
    public UUID environmentId;

    @Column(name = "dispatcher_id")
    public UUID dispatcherId;

    @Column(name = "\"key\"")
    public String key;

    @JdbcTypeCode(SqlTypes.JSON)
    public JsonNode schedule;

    public boolean active;

    @Column(name = "next_event_at")
    public Instant nextEventAt;

    @Column(name = "last_event_at")
    public Instant lastEventAt;

    @JdbcTypeCode(SqlTypes.JSON)
    public JsonNode metadata;

    @CreationTimestamp
    @Column(name = "created_at")
    public Instant createdAt;

    @UpdateTimestamp
    @Column(name = "updated_at")
    public Instant updatedAt;
}
