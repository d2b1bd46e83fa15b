package io.kongflow.jobs.execution;

import io.kongflow.jobs.config.KongflowConfig;
import io.kongflow.jobs.tenancy.ApiKeyVault;
import io.quarkus.logging.Log;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * A callback task's URL: {@code <public url>/api/v1/tasks/<task id>/callback/<secret>} (v2's form; the
 * run form {@code /api/v1/runs/<run id>/tasks/<task id>/callback/<secret>} is accepted too). The secret
 * is 24 random bytes, stored sealed by the vault, compared in constant time.
 */
@ApplicationScoped
public class CallbackUrls {

    /** The parts of a callback URL's path; {@code runId} null in the tasks form. */
    public record Parts(UUID runId, UUID taskId, String secret) {}

    private static final Pattern PATH = Pattern.compile(
            "/api/v1/(?:runs/([0-9a-fA-F-]{36})/)?tasks/([0-9a-fA-F-]{36})/callback/([A-Za-z0-9_-]{1,200})");
    private static final int SECRET_BYTES = 24;

    private final ApiKeyVault vault;
    private final Optional<String> publicUrl;
    private final SecureRandom random = new SecureRandom();

    CallbackUrls(ApiKeyVault vault, KongflowConfig config) {
        this.vault = vault;
        this.publicUrl = config.publicUrl().map(CallbackUrls::checked);
    }

    private static String checked(String url) {
        URI uri;
        try {
            uri = URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            uri = null;
        }
        if (uri == null
                || uri.getHost() == null
                || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                || uri.getRawQuery() != null
                || uri.getRawFragment() != null) {
            throw new IllegalStateException(
                    "kongflow.public-url must be an absolute http(s) URL without query or fragment, e.g. https://jobs.example.com");
        }
        return url.trim().replaceAll("/+$", "");
    }

    // Unset in production, callback URLs would point at the pod itself: say so once, at start.
    void warnWithoutPublicUrl(@Observes StartupEvent event) {
        if (publicUrl.isEmpty() && LaunchMode.current() == LaunchMode.NORMAL) {
            Log.warnf(
                    "kongflow.public-url (KONGFLOW_PUBLIC_URL) is not set: task callback URLs (io.waitForRequest,"
                            + " io.waitForEvent) point at %s, which callers outside this machine cannot reach",
                    base());
        }
    }

    /** A new random secret, sealed as the task row keeps it. */
    String newSealedSecret() {
        byte[] bytes = new byte[SECRET_BYTES];
        random.nextBytes(bytes);
        return vault.encrypt(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    /**
     * The whole URL of a stored callback; null for a task without one. A secret sealed with an
     * encryption key since rotated cannot be read: the URL then ends without it (and answers 404).
     */
    String reveal(String prefix, String sealedSecret) {
        if (prefix == null || sealedSecret == null) {
            return prefix;
        }
        String secret = unsealed(sealedSecret);
        return secret == null ? prefix : prefix + secret;
    }

    /** Whether {@code secret} is the one sealed in {@code sealedSecret}. */
    boolean matches(String sealedSecret, String secret) {
        String stored = sealedSecret == null ? null : unsealed(sealedSecret);
        return stored != null
                && MessageDigest.isEqual(
                        stored.getBytes(StandardCharsets.UTF_8), secret.getBytes(StandardCharsets.UTF_8));
    }

    private String unsealed(String sealedSecret) {
        try {
            return vault.decrypt(sealedSecret);
        } catch (IllegalStateException e) {
            return null;
        }
    }

    /** The parts of a URL whose path is a callback path (whatever its host); null otherwise. */
    public static Parts parse(String url) {
        String path;
        try {
            path = URI.create(url).getRawPath();
        } catch (IllegalArgumentException e) {
            return null;
        }
        return path == null ? null : parsePath(path);
    }

    static Parts parsePath(String path) {
        Matcher matcher = PATH.matcher(path);
        if (!matcher.matches()) {
            return null;
        }
        try {
            UUID run = matcher.group(1) == null ? null : UUID.fromString(matcher.group(1));
            return new Parts(run, UUID.fromString(matcher.group(2)), matcher.group(3));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The public base URL, without a trailing slash. */
    // The actual port is published as configuration once the listener started (0 becomes the random port).
    String base() {
        return publicUrl.orElseGet(() -> "http://localhost:"
                + ConfigProvider.getConfig()
                        .getOptionalValue("quarkus.http.port", Integer.class)
                        .orElse(8080));
    }
}
