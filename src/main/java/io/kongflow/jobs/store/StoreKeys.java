package io.kongflow.jobs.store;

import io.kongflow.jobs.problem.InvalidInput;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** The rules of a store key, and the run a run-scoped key ({@code run:<run id>:…}, the SDK's io.store.run) names. */
final class StoreKeys {

    /** Keys are a unique index's entries: well below PostgreSQL's btree limit (about 2 700 bytes). */
    static final int MAX_KEY_BYTES = 2048;

    private static final String RUN_PREFIX = "run:";
    private static final int UUID_LENGTH = 36;

    private StoreKeys() {}

    /** The key as given, once it is one PostgreSQL can index. */
    static String checked(String key) {
        if (key == null || key.isEmpty()) {
            throw new InvalidInput("key", "must not be empty");
        }
        if (key.indexOf('\0') >= 0) {
            throw new InvalidInput("key", "must not contain a NUL character");
        }
        if (key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
            throw new InvalidInput("key", "must be at most " + MAX_KEY_BYTES + " bytes in UTF-8");
        }
        return key;
    }

    /** The run a key of the SDK's run store names, or null: such a key goes when that run ends. */
    static UUID runOf(String key) {
        if (!key.startsWith(RUN_PREFIX) || key.length() <= RUN_PREFIX.length() + UUID_LENGTH) {
            return null;
        }
        int end = RUN_PREFIX.length() + UUID_LENGTH;
        if (key.charAt(end) != ':') {
            return null;
        }
        try {
            return UUID.fromString(key.substring(RUN_PREFIX.length(), end));
        } catch (IllegalArgumentException notARunId) {
            return null;
        }
    }
}
