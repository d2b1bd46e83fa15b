package io.kongflow.jobs.tenancy;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.kongflow.jobs.persistence.NativeSql;
import io.kongflow.jobs.persistence.RuntimeEnvironment;
import io.kongflow.jobs.problem.Conflict;
import io.kongflow.jobs.problem.NotFound;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
            SELECT id, name, array_to_string(scopes, ','), expires_at, last_used_at, created_at
            FROM api_keys WHERE environment_id = :environmentId ORDER BY name""";

    private static final String REVOKE = """
            DELETE FROM api_keys WHERE id = :keyId AND environment_id = :environmentId RETURNING id""";

    @WithTransaction
    public Uni<NamedKey> create(UUID environmentId, String name, Set<Scope> scopes, Instant expiresAt) {
        List<Scope> ordered = scopes.stream().sorted().toList();
        return RuntimeEnvironment.<RuntimeEnvironment>findById(environmentId)
                .onItem()
                .ifNull()
                .failWith(() -> new NotFound("Environment"))
                .chain(environment -> {
                    String apiKey = ApiKeys.mint(environment.type);
                    Map<String, Object> row = new HashMap<>();
                    row.put("environmentId", environmentId);
                    row.put("name", name);
                    row.put("keyHash", ApiKeys.hash(apiKey));
                    row.put(
                            "scopes",
                            String.join(",", ordered.stream().map(Scope::wire).toList()));
                    row.put(
                            "expiresAt",
                            expiresAt == null ? null : OffsetDateTime.ofInstant(expiresAt, ZoneOffset.UTC));
                    return NativeSql.row(INSERT, row).map(created -> {
                        if (created == null) {
                            throw new Conflict("A key named '" + name + "' exists already in this environment");
                        }
                        return new NamedKey(
                                (UUID) created[0],
                                name,
                                ordered,
                                expiresAt,
                                null,
                                ((OffsetDateTime) created[1]).toInstant(),
                                apiKey);
                    });
                });
    }

    @WithSession
    public Uni<List<NamedKey>> list(UUID environmentId) {
        return RuntimeEnvironment.<RuntimeEnvironment>findById(environmentId)
                .onItem()
                .ifNull()
                .failWith(() -> new NotFound("Environment"))
                .chain(environment -> NativeSql.rows(LIST, Map.of("environmentId", environmentId)))
                .map(rows -> rows.stream()
                        .map(row -> new NamedKey(
                                (UUID) row[0],
                                (String) row[1],
                                Arrays.stream(((String) row[2]).split(","))
                                        .map(Scope::of)
                                        .toList(),
                                instant(row[3]),
                                instant(row[4]),
                                instant(row[5]),
                                null))
                        .toList());
    }

    /** Deletes the key; the next request with it is refused (on other replicas within the auth cache TTL). */
    @WithTransaction
    public Uni<Void> revoke(UUID environmentId, UUID keyId) {
        return NativeSql.column(REVOKE, UUID.class, Map.of("keyId", keyId, "environmentId", environmentId))
                .invoke(deleted -> {
                    if (deleted.isEmpty()) {
                        throw new NotFound("API key");
                    }
                })
                .replaceWithVoid();
    }

    private static Instant instant(Object value) {
        return value == null ? null : ((OffsetDateTime) value).toInstant();
    }
}
