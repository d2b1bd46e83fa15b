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

/** An account of the user's own customers, named by an identifier, in an environment. */
@Entity
@Table(name = "external_accounts")
public class ExternalAccount extends PanacheEntityBase {
    @Id
    @GeneratedValue
    public UUID id;

    @Column(name = "environment_id")
    public UUID environmentId;

    @Column(name = "organization_id")
    public UUID organizationId;

    public String identifier;

    @JdbcTypeCode(SqlTypes.JSON)
    public JsonNode metadata;

    @CreationTimestamp
    @Column(name = "created_at")
    public Instant createdAt;

    @UpdateTimestamp
    @Column(name = "updated_at")
    public Instant updatedAt;
}
