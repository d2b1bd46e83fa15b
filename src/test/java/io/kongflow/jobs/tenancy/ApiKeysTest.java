package io.kongflow.jobs.tenancy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kongflow.jobs.persistence.EnvironmentType;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Minted keys are accepted by the trigger.dev v2 SDK's client, which checks their format before any call. */
class ApiKeysTest {

    /** {@code getApiKey} in {@code @trigger.dev/sdk@2.3.18}: any other key is "Invalid API key". */
    private static final Pattern SDK_KEY_FORMAT = Pattern.compile("^tr_[a-z]+_[a-zA-Z0-9]+$");

    @Test
    void everyMintedKeyHasTheFormatTheV2SdkAccepts() {
        Set<String> keys = new HashSet<>();
        for (EnvironmentType type : EnvironmentType.values()) {
            for (int i = 0; i < 500; i++) {
                String key = ApiKeys.mint(type);
                assertTrue(SDK_KEY_FORMAT.matcher(key).matches(), key);
                assertTrue(key.startsWith(type.keyPrefix()), key);
                assertEquals(type.keyPrefix().length() + 32, key.length(), key);
                keys.add(key);
            }
        }
        assertEquals(500 * EnvironmentType.values().length, keys.size(), "keys repeat");
    }
}
