package io.kongflow.jobs.adversarial;

import java.util.ArrayList;
import java.util.List;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * The QuickTheories generators the bad-input generators are built from. Numbers (and so string
 * lengths) come out at their bounds one time in ten, where off-by-one mistakes live.
 */
final class Generators {

    static final String ALPHA = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    static final String DIGITS = "0123456789";

    private Generators() {}

    static Gen<Integer> between(int min, int max) {
        return Generate.frequency(
                List.of(Pair.of(9, Generate.range(min, max)), Pair.of(1, Generate.pick(List.of(min, max)))));
    }

    static Gen<Long> between(long min, long max) {
        return Generate.frequency(
                List.of(Pair.of(9, Generate.longRange(min, max)), Pair.of(1, Generate.pick(List.of(min, max)))));
    }

    static <T> Gen<T> of(List<T> values) {
        return Generate.pick(values);
    }

    @SafeVarargs
    static <T> Gen<T> of(T... values) {
        return Generate.pick(List.of(values));
    }

    static <T> Gen<T> oneOf(List<Gen<T>> generators) {
        Gen<Integer> index = Generate.range(0, generators.size() - 1);
        return in -> generators.get(index.generate(in)).generate(in);
    }

    @SafeVarargs
    static <T> Gen<T> oneOf(Gen<T>... generators) {
        return oneOf(List.of(generators));
    }

    static Gen<Boolean> booleans() {
        return Generate.booleans();
    }

    static <T> Gen<List<T>> lists(Gen<T> elements, int min, int max) {
        Gen<Integer> sizes = between(min, max);
        return in -> {
            int size = sizes.generate(in);
            List<T> list = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                list.add(elements.generate(in));
            }
            return list;
        };
    }

    /** Strings of the alphabet's characters. */
    static Gen<String> strings(String alphabet, int minLength, int maxLength) {
        Gen<Character> characters = Generate.range(0, alphabet.length() - 1).map(alphabet::charAt);
        return strings(characters, minLength, maxLength);
    }

    static Gen<String> alpha(int minLength, int maxLength) {
        return strings(ALPHA, minLength, maxLength);
    }

    /**
     * Strings of any UTF-16 code units — control characters and lone surrogates included — half of
     * them drawn from ASCII, where JSON's and HTTP's special characters are.
     */
    static Gen<String> anyChars(int minLength, int maxLength) {
        Gen<Character> characters =
                oneOf(Generate.range(0, 0x7f), Generate.range(0, 0xffff)).map(unit -> (char) unit.intValue());
        return strings(characters, minLength, maxLength);
    }

    private static Gen<String> strings(Gen<Character> characters, int minLength, int maxLength) {
        Gen<Integer> lengths = between(minLength, maxLength);
        return in -> {
            int length = lengths.generate(in);
            StringBuilder text = new StringBuilder(length);
            for (int i = 0; i < length; i++) {
                text.append(characters.generate(in).charValue());
            }
            return text.toString();
        };
    }
}
