package io.kongflow.jobs.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The settings the {@code @QuarkusTest} suite runs with — every {@code %test.} entry of
 * application.properties but logging and coverage — for the packaged service a {@code *IT}
 * subclass of a suite class runs against in the production profile (with the secrets of
 * {@link PackagedAppSecrets}): the same behaviour tests then hold against the packaged artifact,
 * its workers off or on exactly as the class expects.
 */
public class SuiteSettings implements QuarkusTestResourceLifecycleManager {

    private static final String TEST_PROFILE = "%test.";

    private String profile;

    @Override
    public void setContext(Context context) {
        profile = context.testProfile();
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> settings = new TreeMap<>();
        applicationProperties().forEach((key, value) -> {
            String name = key.toString();
            if (name.startsWith(TEST_PROFILE)) {
                String setting = name.substring(TEST_PROFILE.length());
                if (!setting.startsWith("quarkus.log.") && !setting.startsWith("quarkus.jacoco.")) {
                    settings.put(setting, value.toString());
                }
            }
        });
        settings.putAll(new PackagedAppSecrets().start());
        // The class's own profile decides what it overrides: these would otherwise win over it.
        settings.keySet().removeAll(profileOverrides().keySet());
        return settings;
    }

    private Map<String, String> profileOverrides() {
        if (profile == null || profile.isEmpty()) {
            return Map.of();
        }
        try {
            return ((QuarkusTestProfile)
                            Class.forName(profile).getDeclaredConstructor().newInstance())
                    .getConfigOverrides();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot read the overrides of test profile " + profile, e);
        }
    }

    private static Properties applicationProperties() {
        Properties properties = new Properties();
        try (InputStream file = SuiteSettings.class.getResourceAsStream("/application.properties")) {
            properties.load(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    @Override
    public void stop() {
        // Nothing to release.
    }
}
