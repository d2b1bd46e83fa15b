package io.kongflow.jobs.tenancy;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.kongflow.jobs.persistence.EnvironmentType;
import io.kongflow.jobs.persistence.Parameters;
import io.kongflow.jobs.persistence.Postgres;
import io.kongflow.jobs.persistence.Rows;
import io.kongflow.jobs.persistence.Statements;
import io.kongflow.jobs.problem.Conflict;
import io.kongflow.jobs.problem.NotFound;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Named API keys of an environment: create (the secret is shown once), list, revoke. */
@ApplicationScoped
public class NamedKeys {

    /** A named key as listed; {@code apiKey} only in the answer that created it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record NamedKey(
            UUID id,
            String name,
            List<Scope> scopes,
            Instant expiresAt,
            Instant lastUsedAt,
            Instant createdAt,
            String apiKey) {}

    private static final String INSERT = """
            INSERT INTO api_keys (environment_id, name, key_hash, scopes, expires_at)
            VALUES (:environmentId, :name, :keyHash, CAST(string_to_array(:scopes, ',') AS text[]), :expiresAt)
            ON CONFLICT (environment_id, name) DO NOTHING
            RETURNING id, created_at""";

    private static final String LIST = """
            SELECT id, name, array_to_string(scopes, ',') AS scopes, expires_at, last_used_at, created_at
            FROM api_keys WHERE environment_id = :environmentId ORDER BY name""";

    private static final String REVOKE = """
            DELETE FROM api_keys WHERE id = :keyId AND environment_id = :environmentId RETURNING id""";

    private static final String ENVIRONMENT_TYPE = """
            SELECT type FROM runtime_environments WHERE id = :environmentId""";

    private final Postgres postgres;

    NamedKeys(Postgres postgres) {
        this.postgres = postgres;
    }

    public Uni<NamedKey> create(UUID environmentId, String name, Set<Scope> scopes, Instant expiresAt) {
        List<Scope> ordered = scopes.stream().sorted().toList();
        return postgres.transaction(sql -> environmentType(sql, environmentId).chain(type -> {
            String apiKey = ApiKeys.mint(type);
            Parameters row = Parameters.with("environmentId", environmentId)
                    .and("name", name)
                    .and("keyHash", ApiKeys.hash(apiKey))
                    .and(
                            "scopes",
                            String.join(",", ordered.stream().map(Scope::wire).toList()))
                    .and("expiresAt", expiresAt == null ? null : OffsetDateTime.ofInstant(expiresAt, ZoneOffset.UTC));
            return sql.first(
                            INSERT,
                            row,
                            created -> new NamedKey(
                                    created.getUUID("id"),
                                    name,
                                    ordered,
                                    expiresAt,
                                    null,
                                    Rows.instant(created, "created_at"),
                                    apiKey))
                    .onItem()
                    .ifNull()
                    .failWith(() -> new Conflict("A key named '" + name + "' exists already in this environment"));
        }));
    }

    public Uni<List<NamedKey>> list(UUID environmentId) {
        Statements sql = postgres.statements();
        return environmentType(sql, environmentId)
                .chain(() -> sql.list(LIST, Parameters.with("environmentId", environmentId), NamedKeys::listed));
    }

    /** Deletes the key; the next request with it is refused (on other replicas within the auth cache TTL). */
    public Uni<Void> revoke(UUID environmentId, UUID keyId) {
        return postgres.statements()
                .first(
                        REVOKE,
                        Parameters.with("keyId", keyId).and("environmentId", environmentId),
                        row -> row.getUUID("id"))
                .onItem()
                .ifNull()
                .failWith(() -> new NotFound("API key"))
                .replaceWithVoid();
    }

    private static Uni<EnvironmentType> environmentType(Statements sql, UUID environmentId) {
        return sql.first(
                        ENVIRONMENT_TYPE,
                        Parameters.with("environmentId", environmentId),
                        row -> EnvironmentType.valueOf(row.getString("type")))
                .onItem()
                .ifNull()
                .failWith(() -> new NotFound("Environment"));
    }

    private static NamedKey listed(Row row) {
        return new NamedKey(
                row.getUUID("id"),
                row.getString("name"),
                Arrays.stream(row.getString("scopes").split(",")).map(Scope::of).toList(),
                Rows.instant(row, "expires_at"),
                Rows.instant(row, "last_used_at"),
                Rows.instant(row, "created_at"),
                null);
    }
}
