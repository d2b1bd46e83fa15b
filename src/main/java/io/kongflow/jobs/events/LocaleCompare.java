package io.kongflow.jobs.events;

import java.text.Collator;
import java.util.Locale;

/** {@code a.localeCompare(b, undefined, {sensitivity: "accent"}) === 0}: equal but for letter case. */
final class LocaleCompare {

    private LocaleCompare() {}

    static boolean equalIgnoringCase(String a, String b) {
        if (a.equals(b)) {
            return true;
        }
        // Collator instances are not thread-safe; getInstance hands out a fresh clone.
        Collator collator = Collator.getInstance(Locale.ROOT);
        collator.setStrength(Collator.SECONDARY);
        collator.setDecomposition(Collator.CANONICAL_DECOMPOSITION);
        return collator.compare(a, b) == 0;
    }
}
