package io.kongflow.jobs.events;

import java.text.Normalizer;

/**
 * {@code a.localeCompare(b, undefined, {sensitivity: "accent"}) === 0}, modelled on node's ICU root
 * collation without its tables: strings are equal when they differ only in case, width,
 * compatibility forms (ligatures, superscripts, kana) or ignorable characters, not in accents. The
 * model can still differ from ICU on rare letters (the long s, {@code ſ}, is one).
 */
final class LocaleCompare {

    private static final String SMALL_KANA = "ぁぃぅぇぉっゃゅょゎゕゖ";
    private static final String LARGE_KANA = "あいうえおつやゆよわかけ";

    private LocaleCompare() {}

    static boolean equalIgnoringCase(String a, String b) {
        return a.equals(b) || key(a).equals(key(b));
    }

    /** The string with every difference below accents (ICU's tertiary level) removed. */
    static String key(String text) {
        String decomposed = Normalizer.normalize(text, Normalizer.Form.NFKD);
        StringBuilder key = new StringBuilder(decomposed.length());
        decomposed.codePoints().filter(codePoint -> !ignorable(codePoint)).forEach(codePoint -> {
            key.appendCodePoint(fold(codePoint));
        });
        return key.toString();
    }

    private static int fold(int codePoint) {
        if (codePoint == 'ς') {
            return 'σ';
        }
        // Katakana and hiragana, small and large kana, differ below the secondary level.
        int hiragana = codePoint >= 0x30A1 && codePoint <= 0x30F6 ? codePoint - 0x60 : codePoint;
        int large = SMALL_KANA.indexOf(hiragana);
        return large >= 0 ? LARGE_KANA.charAt(large) : Character.toLowerCase(hiragana);
    }

    private static boolean ignorable(int codePoint) {
        int type = Character.getType(codePoint);
        if (type == Character.CONTROL) {
            return codePoint < '\t' || (codePoint > '\r' && codePoint != 0x85);
        }
        return type == Character.FORMAT
                || codePoint == 0x034F
                || (codePoint >= 0x180B && codePoint <= 0x180D)
                || (codePoint >= 0xFE00 && codePoint <= 0xFE0F)
                || (codePoint >= 0xE0100 && codePoint <= 0xE01EF);
    }
}
