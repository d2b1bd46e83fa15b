package io.kongflow.jobs.store;

import io.kongflow.jobs.persistence.Parameters;
import io.kongflow.jobs.persistence.Postgres;
import io.kongflow.jobs.persistence.RunStatus;
import io.kongflow.jobs.problem.Conflict;
import io.kongflow.jobs.problem.InvalidInput;
import io.kongflow.jobs.problem.PayloadTooLarge;
import io.kongflow.jobs.tenancy.Caller;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import java.util.UUID;

/**
 * The key-value store of {@code io.store} and {@code client.store}: text values by key in the
 * caller's environment, one statement per call. A key naming a run of the environment
 * ({@code run:<run id>:…}) is seen only while that run has not ended; {@link StoreSweeper} then deletes it.
 */
@ApplicationScoped
public class KeyValueStore {

    /** v2's limit, counted as v2 and the SDK count it: UTF-16 code units of the text. */
    public static final int MAX_VALUE_LENGTH = 256 * 1024;

    // A run-scoped key is seen only while its run has not ended (StoreSweeper deletes it later).
    private static final String GET = """
            SELECT k.value FROM key_value_items k LEFT JOIN job_runs r ON r.id = k.run_id
            WHERE k.environment_id = :environmentId AND k.key = :key
              AND (k.run_id IS NULL OR NOT (r.status = ANY(CAST(:final AS text[]))))""";

    private static final String HAS = """
            SELECT EXISTS (
                SELECT 1 FROM key_value_items k LEFT JOIN job_runs r ON r.id = k.run_id
                WHERE k.environment_id = :environmentId AND k.key = :key
                  AND (k.run_id IS NULL OR NOT (r.status = ANY(CAST(:final AS text[]))))) AS has""";

    private static final String DELETE = """
            WITH deleted AS (
                DELETE FROM key_value_items k WHERE k.environment_id = :environmentId AND k.key = :key
                RETURNING k.run_id)
            SELECT EXISTS (
                SELECT 1 FROM deleted d LEFT JOIN job_runs r ON r.id = d.run_id
                WHERE d.run_id IS NULL OR NOT (r.status = ANY(CAST(:final AS text[])))) AS deleted""";

    // A run-scoped key of a run that has ended is refused; one whose run ends right after is
    // simply no longer seen: nothing here races with the statements that end runs.
    private static final String SET = """
            WITH run AS (
                SELECT id, status = ANY(CAST(:final AS text[])) AS ended
                FROM job_runs WHERE id = :runId AND environment_id = :environmentId),
            stored AS (
                INSERT INTO key_value_items AS k (environment_id, key, value, run_id)
                SELECT :environmentId, CAST(:key AS text), CAST(:value AS text), (SELECT id FROM run)
                WHERE NOT EXISTS (SELECT 1 FROM run WHERE ended)
                ON CONFLICT (environment_id, key)
                DO UPDATE SET value = EXCLUDED.value, run_id = EXCLUDED.run_id, updated_at = now()
                RETURNING k.value)
            SELECT EXISTS (SELECT 1 FROM stored) AS stored""";

    static final String[] FINAL = Arrays.stream(RunStatus.values())
            .filter(RunStatus::isFinal)
            .map(Enum::name)
            .toArray(String[]::new);

    private final Postgres postgres;

    KeyValueStore(Postgres postgres) {
        this.postgres = postgres;
    }

    /** The value, or null when the environment has no such key. */
    public Uni<String> get(Caller caller, String key) {
        return postgres.statements().first(GET, parameters(caller, key), row -> row.getString("value"));
    }

    public Uni<Boolean> has(Caller caller, String key) {
        return postgres.statements().first(HAS, parameters(caller, key), row -> row.getBoolean("has"));
    }

    /** Whether there was such a key. */
    public Uni<Boolean> delete(Caller caller, String key) {
        return postgres.statements().first(DELETE, parameters(caller, key), row -> row.getBoolean("deleted"));
    }

    /** Creates or replaces the value; answers it as stored. */
    public Uni<String> set(Caller caller, String key, String value) {
        String text = value == null ? "" : value;
        if (text.length() > MAX_VALUE_LENGTH) {
            throw new PayloadTooLarge("Max request body size exceeded: " + MAX_VALUE_LENGTH + " bytes");
        }
        if (text.indexOf('\0') >= 0) {
            throw new InvalidInput("value", "must not contain a NUL character");
        }
        Parameters parameters = parameters(caller, key);
        UUID run = StoreKeys.runOf(key);
        parameters.and("value", text).and("runId", run);
        return postgres.statements()
                .first(SET, parameters, row -> row.getBoolean("stored"))
                .map(stored -> {
                    if (!stored) {
                        throw new Conflict(
                                "Run " + run + " has ended: its run-scoped keys (io.store.run) were removed with it");
                    }
                    return text;
                });
    }

    private static Parameters parameters(Caller caller, String key) {
        return Parameters.with("environmentId", caller.environmentId())
                .and("key", StoreKeys.checked(key))
                .and("final", FINAL);
    }
}
