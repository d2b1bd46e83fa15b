package io.kongflow.jobs.console;

import io.kongflow.jobs.config.KongflowConfig;
import io.kongflow.jobs.persistence.Parameters;
import io.kongflow.jobs.persistence.Postgres;
import io.kongflow.jobs.persistence.Statements;
import io.kongflow.jobs.tenancy.ApiKeys;
import io.kongflow.jobs.tenancy.Caller;
import io.kongflow.jobs.tenancy.EnvironmentKeys;
import io.kongflow.jobs.tenancy.Scope;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.UUID;

/**
 * Console sessions, stored in PostgreSQL by the SHA-256 of their id (the id itself lives only in
 * the browser's cookie). A session names the key it was opened with by that key's hash, and each
 * request resolves the key again through {@link EnvironmentKeys} (and its cache): rotating or
 * revoking the key ends its sessions on every replica, within {@code kongflow.auth.cache-ttl}.
 */
@ApplicationScoped
public class ConsoleSessions {

    private static final String KEY_NAME = """
            SELECT name FROM api_keys WHERE key_hash = :keyHash AND environment_id = :environmentId""";

    private static final String OPEN = """
            WITH expired AS (DELETE FROM console_sessions WHERE expires_at < now())
            INSERT INTO console_sessions (id_hash, environment_id, key_hash, key_name, expires_at)
            VALUES (:idHash, :environmentId, :keyHash, :keyName, now() + make_interval(secs => CAST(:ttl AS double precision)))""";

    private static final String FIND = """
            SELECT s.environment_id, s.key_hash, s.key_name, e.slug AS environment_slug, p.slug AS project_slug
            FROM console_sessions s
            JOIN runtime_environments e ON e.id = s.environment_id
            JOIN projects p ON p.id = e.project_id
            WHERE s.id_hash = :idHash AND s.expires_at > now()""";

    private static final String END = "DELETE FROM console_sessions WHERE id_hash = :idHash";

    private static final String DEV_ENVIRONMENT = """
            SELECT e.api_key_hash FROM runtime_environments e JOIN projects p ON p.id = e.project_id
            WHERE p.slug = :project AND e.slug = 'dev'""";

    /** A session's stored row, before its key is resolved again. */
    private record Stored(
            UUID environmentId, String keyHash, String keyName, String environmentSlug, String projectSlug) {
        static Stored from(Row row) {
            return new Stored(
                    row.getUUID("environment_id"),
                    row.getString("key_hash"),
                    row.getString("key_name"),
                    row.getString("environment_slug"),
                    row.getString("project_slug"));
        }
    }

    private final Statements sql;
    private final EnvironmentKeys keys;
    private final Duration ttl;
    private final String devProject;

    ConsoleSessions(Postgres postgres, EnvironmentKeys keys, KongflowConfig config) {
        this.sql = postgres.statements();
        this.keys = keys;
        this.ttl = config.console().sessionTtl();
        this.devProject = config.bootstrap().project();
    }

    public Duration ttl() {
        return ttl;
    }

    /**
     * A new session's id for that API key, or a null item when the key names nothing or may not
     * read. The id is shown to nobody but the browser that signed in.
     */
    public Uni<String> open(String apiKey) {
        return openForKeyHash(ApiKeys.hash(apiKey.trim()));
    }

    /** Dev mode's one-click sign-in: a session of the dev bootstrap tenant's {@code dev} environment. */
    public Uni<String> openDevEnvironment() {
        return sql.first(DEV_ENVIRONMENT, Parameters.with("project", devProject), row -> row.getString("api_key_hash"))
                .chain(hash -> hash == null ? Uni.createFrom().nullItem() : openForKeyHash(hash));
    }

    private Uni<String> openForKeyHash(String keyHash) {
        return keys.callerOfHash(keyHash).chain(caller -> {
            if (caller == null || !caller.may(Scope.READ)) {
                return Uni.createFrom().nullItem();
            }
            String id = ApiKeys.randomToken(32);
            Parameters key = Parameters.with("keyHash", keyHash).and("environmentId", caller.environmentId());
            return sql.first(KEY_NAME, key, row -> row.getString("name"))
                    .chain(name -> sql.execute(
                            OPEN,
                            Parameters.with("idHash", ApiKeys.hash(id))
                                    .and("environmentId", caller.environmentId())
                                    .and("keyHash", keyHash)
                                    .and("keyName", name)
                                    .and("ttl", (double) ttl.toSeconds())))
                    .replaceWith(id);
        });
    }

    /**
     * The live session of that id, or a null item: unknown, expired, or its key rotated or revoked
     * (the session is then deleted).
     */
    public Uni<ConsoleSession> find(String id) {
        if (id == null || id.isBlank() || id.length() > 100) {
            return Uni.createFrom().nullItem();
        }
        String idHash = ApiKeys.hash(id);
        return sql.first(FIND, Parameters.with("idHash", idHash), Stored::from).chain(stored -> {
            if (stored == null) {
                return Uni.createFrom().nullItem();
            }
            return keys.callerOfHash(stored.keyHash())
                    .chain(caller -> live(caller, stored)
                            ? Uni.createFrom().item(session(id, caller, stored))
                            : end(id).replaceWith((ConsoleSession) null));
        });
    }

    /** Ends the session (sign-out); nothing happens for an unknown id. */
    public Uni<Void> end(String id) {
        if (id == null || id.isBlank()) {
            return Uni.createFrom().voidItem();
        }
        return sql.execute(END, Parameters.with("idHash", ApiKeys.hash(id))).replaceWithVoid();
    }

    private static boolean live(Caller caller, Stored stored) {
        return caller != null && caller.environmentId().equals(stored.environmentId()) && caller.may(Scope.READ);
    }

    private static ConsoleSession session(String id, Caller caller, Stored stored) {
        return new ConsoleSession(
                caller,
                stored.projectSlug(),
                stored.environmentSlug(),
                stored.keyName() == null ? "environment key" : "key '" + stored.keyName() + "'",
                csrfToken(id));
    }

    /** Derived from the session id, so it needs no storage; it cannot be computed without the id. */
    static String csrfToken(String sessionId) {
        return ApiKeys.hash("console-csrf:" + sessionId);
    }
}
