package io.kongflow.jobs.persistence;

import io.kongflow.jobs.problem.InvalidInput;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Opaque pagination cursors: the sort key of the last item of a page, base64url encoded. */
public final class Cursor {

    private Cursor() {}

    public static String encode(String key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    }

    /** The key of a cursor, null for none; a cursor this service did not make is a 400. */
    public static String decode(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        String key;
        try {
            key = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        if (key.isBlank() || key.chars().anyMatch(Character::isISOControl)) {
            throw invalid();
        }
        return key;
    }

    private static InvalidInput invalid() {
        return new InvalidInput("cursor", "is not a cursor returned by this API");
    }
}
