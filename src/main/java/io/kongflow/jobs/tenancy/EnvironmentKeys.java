package io.kongflow.jobs.tenancy;

import io.kongflow.jobs.config.KongflowConfig;
import io.kongflow.jobs.persistence.EnvironmentType;
import io.kongflow.jobs.persistence.Parameters;
import io.kongflow.jobs.persistence.Postgres;
import io.kongflow.jobs.persistence.Rows;
import io.kongflow.jobs.persistence.Statements;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Resolves an API key — an environment's primary key (every scope) or one of its named keys — to
 * the caller it names. Answers are cached for {@code kongflow.auth.cache-ttl}, so a known key costs
 * no database round trip; that TTL bounds how long a revoked or rotated key keeps working on
 * other replicas (this replica forgets at once). A named key's {@code last_used_at} is written at
 * most once a minute.
 */
@ApplicationScoped
public class EnvironmentKeys {

    private static final String LOOKUP = """
            SELECT e.organization_id, e.project_id, e.id AS environment_id, e.type,
                   NULL::uuid AS named_key_id, NULL::text[] AS scopes, NULL::timestamptz AS expires_at
            FROM runtime_environments e WHERE e.api_key_hash = :hash
            UNION ALL
            SELECT e.organization_id, e.project_id, e.id, e.type, k.id, k.scopes, k.expires_at
            FROM api_keys k JOIN runtime_environments e ON e.id = k.environment_id WHERE k.key_hash = :hash""";

    private static final String TOUCH = "UPDATE api_keys SET last_used_at = now() WHERE id = :id";
    private static final int MAX_CACHED = 10_000;
    private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);

    /** A resolved key: who it names, until when it may be used, and when this replica asked. */
    private record Resolved(Caller caller, UUID namedKeyId, Instant expiresAt, Instant loadedAt) {}

    private final Statements sql;
    private final Duration ttl;
    private final Map<String, Resolved> cache = new ConcurrentHashMap<>();
    private final Map<UUID, Instant> touched = new ConcurrentHashMap<>();

    public EnvironmentKeys(Postgres postgres, KongflowConfig config) {
        this.sql = postgres.statements();
        this.ttl = config.auth().cacheTtl();
    }

    /** The caller of that key, or a null item when no live key matches. */
    public Uni<Caller> callerOf(String apiKey) {
        return callerOfHash(ApiKeys.hash(apiKey));
    }

    /**
     * As {@link #callerOf}, for a key known by its {@link ApiKeys#hash} only (a console session
     * keeps the hash of the key it was opened with, never the key).
     */
    public Uni<Caller> callerOfHash(String hash) {
        Instant now = Instant.now();
        Resolved cached = cache.get(hash);
        Uni<Resolved> resolved = cached != null && cached.loadedAt().plus(ttl).isAfter(now)
                ? Uni.createFrom().item(cached)
                : load(hash, now);
        return resolved.map(key -> {
            if (key == null || (key.expiresAt() != null && !key.expiresAt().isAfter(now))) {
                return null;
            }
            touch(key.namedKeyId(), now);
            return key.caller();
        });
    }

    /** Forgets every cached answer (after a rotation or revocation on this replica). */
    public void forgetAll() {
        cache.clear();
    }

    private Uni<Resolved> load(String hash, Instant now) {
        return sql.first(LOOKUP, Parameters.with("hash", hash), row -> resolved(row, now))
                .map(resolved -> {
                    if (resolved == null) {
                        cache.remove(hash);
                        return null;
                    }
                    if (cache.size() >= MAX_CACHED) {
                        cache.clear();
                    }
                    cache.put(hash, resolved);
                    return resolved;
                });
    }

    private static Resolved resolved(Row row, Instant now) {
        String[] scopes = row.getArrayOfStrings("scopes");
        Set<Scope> granted = scopes == null
                ? Scope.ALL
                : Arrays.stream(scopes)
                        .map(Scope::of)
                        .collect(Collectors.toCollection(() -> EnumSet.noneOf(Scope.class)));
        Caller caller = new Caller(
                row.getUUID("organization_id"),
                row.getUUID("project_id"),
                row.getUUID("environment_id"),
                EnvironmentType.valueOf(row.getString("type")),
                Set.copyOf(granted));
        return new Resolved(caller, row.getUUID("named_key_id"), Rows.instant(row, "expires_at"), now);
    }

    private void touch(UUID namedKeyId, Instant now) {
        if (namedKeyId == null) {
            return;
        }
        Instant last = touched.get(namedKeyId);
        if (last != null && last.plus(TOUCH_EVERY).isAfter(now)) {
            return;
        }
        touched.put(namedKeyId, now);
        sql.execute(TOUCH, Parameters.with("id", namedKeyId))
                .subscribe()
                .with(done -> {}, failure -> Log.debugf("last_used_at not written: %s", failure.getMessage()));
    }
}
