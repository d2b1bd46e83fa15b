package io.kongflow.jobs.tenancy;

import java.util.Optional;

/** Reads the token of an {@code Authorization: Bearer <token>} header. */
final class BearerToken {

    private static final String SCHEME = "bearer ";

    private BearerToken() {}

    static Optional<String> from(String authorization) {
        if (authorization == null
                || authorization.length() <= SCHEME.length()
                || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return Optional.empty();
        }
        String token = authorization.substring(SCHEME.length()).trim();
        return token.isEmpty() || token.contains(" ") ? Optional.empty() : Optional.of(token);
    }
}
