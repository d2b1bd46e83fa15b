package io.kongflow.jobs.tenancy;

import io.kongflow.jobs.persistence.EnvironmentType;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Mints environment API keys and hashes them; only the hash is ever stored. */
public final class ApiKeys {

    private static final int RANDOM_BYTES = 24; // 32 url-safe characters

    private ApiKeys() {
    }

    /** A new secret key for an environment of that type, such as {@code tr_dev_…}. */
    public static String mint(EnvironmentType type) {
        return type.keyPrefix() + randomToken(RANDOM_BYTES);
    }

    /** A url-safe random string carrying {@code bytes} bytes of entropy. */
    public static String randomToken(int bytes) {
        byte[] random = new byte[bytes];
        // Not a static field: application classes are initialised while the native image is built,
        // and a SecureRandom seeded then would be frozen into the executable.
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    /** The SHA-256 of the key, hex encoded: what is stored and looked up. */
    public static String hash(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** Compares two secrets in constant time. */
    public static boolean sameSecret(String expected, String given) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }
}
