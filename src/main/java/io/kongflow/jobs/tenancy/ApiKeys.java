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

    /**
     * Keys are alphanumeric after the prefix: the trigger.dev v2 SDK's client refuses any key that is
     * not {@code ^tr_[a-z]+_[a-zA-Z0-9]+$} before sending a request.
     */
    private static final String KEY_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private static final int KEY_CHARACTERS = 32; // ~190 bits

    private ApiKeys() {}

    /** A new secret key for an environment of that type, such as {@code tr_dev_…}. */
    public static String mint(EnvironmentType type) {
        // Not a static field: see randomToken.
        SecureRandom random = new SecureRandom();
        StringBuilder key = new StringBuilder(type.keyPrefix());
        for (int i = 0; i < KEY_CHARACTERS; i++) {
            key.append(KEY_ALPHABET.charAt(random.nextInt(KEY_ALPHABET.length())));
        }
        return key.toString();
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
