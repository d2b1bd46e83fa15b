package io.kongflow.jobs.registration;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Orders job version strings: semantic-version precedence first, then every non-semver string after them.
 *
 * <p><b>Semver</b> strings follow <a href="https://semver.org/spec/v2.0.0.html">SemVer 2.0.0</a>
 * ({@code MAJOR.MINOR.PATCH[-prerelease][+build]}, no leading zeros in numeric identifiers) and are ordered by
 * §11 precedence. A single lowercase {@code v} prefix is also accepted ({@code "v1.2.3"} is semver and ranks like
 * {@code "1.2.3"}). Numbers may be arbitrarily large. Build metadata does not affect ordering.
 *
 * <p><b>Non-semver</b> strings (e.g. {@code "latest"}, {@code "2024.1"}, {@code "01.2.3"}) rank after all semver
 * versions and among themselves in natural order: the string is split into runs of ASCII digits and runs of other
 * characters; digit runs compare by numeric value, other runs lexically, and a digit run sorts before a non-digit
 * run. Ties are broken first by fewer leading zeros (at the first digit run where the padding differs), then by
 * {@link String#compareTo}, so the order is total.
 *
 * <p><b>Equality</b> is consistent with {@link #compareTo}: two instances are equal exactly when they have the same
 * precedence. So {@code "1.0.0"}, {@code "v1.0.0"} and {@code "1.0.0+build.5"} are equal to each other even though
 * {@link #toString()} returns each one's original text.
 */
public final class VersionOrder implements Comparable<VersionOrder> {

    /** Compares raw version strings by {@link #parse(String) parsing} both; rejects null or blank strings. */
    public static final Comparator<String> STRINGS = VersionOrder::compare;

    // Official regex from semver.org, with an optional leading "v".
    private static final Pattern SEMVER = Pattern.compile("^v?(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)"
            + "(?:-((?:0|[1-9][0-9]*|[0-9]*[a-zA-Z-][0-9a-zA-Z-]*)"
            + "(?:\\.(?:0|[1-9][0-9]*|[0-9]*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
            + "(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?$");

    private static final String[] NO_IDENTIFIERS = new String[0];

    private final String original;
    /** For semver: {@code MAJOR.MINOR.PATCH[-prerelease]} (no prefix, no build); otherwise the original string. */
    private final String precedenceKey;

    private final boolean semver;
    private final String[] core; // semver only: major, minor, patch as digit strings without leading zeros
    private final String[] prerelease; // semver only: empty when there is no pre-release
    private final List<String> runs; // non-semver only: alternating digit / non-digit runs

    private VersionOrder(String original, Matcher semverMatch) {
        this.original = original;
        this.semver = semverMatch != null;
        if (semver) {
            core = new String[] {semverMatch.group(1), semverMatch.group(2), semverMatch.group(3)};
            String pre = semverMatch.group(4);
            prerelease = pre == null ? NO_IDENTIFIERS : pre.split("\\.");
            precedenceKey = String.join(".", core) + (pre == null ? "" : "-" + pre);
            runs = List.of();
        } else {
            core = NO_IDENTIFIERS;
            prerelease = NO_IDENTIFIERS;
            precedenceKey = original;
            runs = splitRuns(original);
        }
    }

    /**
     * Parses a version string; never fails for a non-blank string (anything that is not semver is ordered as
     * non-semver).
     *
     * @throws IllegalArgumentException if {@code version} is null or blank
     */
    public static VersionOrder parse(String version) {
        if (version == null || version.isBlank()) {
            throw new IllegalArgumentException("version must not be null or blank");
        }
        Matcher m = SEMVER.matcher(version);
        return new VersionOrder(version, m.matches() ? m : null);
    }

    /** Compares two raw version strings; see the class documentation for the order. */
    public static int compare(String a, String b) {
        return parse(a).compareTo(parse(b));
    }

    /** Whether the original string is a semantic version (optionally prefixed with {@code v}). */
    public boolean isSemver() {
        return semver;
    }

    /** The order of {@link #rank()}: the bytes are the precedence. */
    @Override
    public int compareTo(VersionOrder other) {
        return Arrays.compareUnsigned(rank(), other.rank());
    }

    private static String stripLeadingZeros(String digits) {
        int i = 0;
        while (i < digits.length() - 1 && digits.charAt(i) == '0') {
            i++;
        }
        return digits.substring(i);
    }

    private static List<String> splitRuns(String s) {
        List<String> result = new ArrayList<>();
        int start = 0;
        for (int i = 1; i <= s.length(); i++) {
            if (i == s.length() || isDigitChar(s.charAt(i)) != isDigitChar(s.charAt(start))) {
                result.add(s.substring(start, i));
                start = i;
            }
        }
        return List.copyOf(result);
    }

    private static boolean isDigits(String s) {
        return s.chars().allMatch(c -> isDigitChar((char) c));
    }

    // ASCII only: Character.isDigit would also accept other scripts' digits.
    private static boolean isDigitChar(char c) {
        return c >= '0' && c <= '9';
    }

    /**
     * This version's precedence as bytes whose unsigned lexicographic order is the order the class describes, so
     * that PostgreSQL can sort and compare versions by an indexed {@code bytea} column (VersionOrderTest checks it
     * against a comparator written from that description). Equal precedence, equal bytes.
     * Numbers are written as their length then their digits, text as UTF-16 code units ended by a zero unit (version
     * strings never contain NUL), and each part starts with a marker byte chosen so that the parts rank as in
     * the description: semver (1) before non-semver (2), a digit run or numeric identifier (1) before text (2),
     * the end of a list (0) before another element, and a release (3) after its pre-releases.
     */
    public byte[] rank() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(original.length() * 3 + 16);
        if (semver) {
            out.write(1);
            for (String number : core) {
                writeNumber(out, number);
            }
            for (String identifier : prerelease) {
                writeRun(out, identifier, isDigits(identifier));
            }
            out.write(prerelease.length == 0 ? 3 : 0);
        } else {
            out.write(2);
            for (String run : runs) {
                writeRun(out, run, isDigitChar(run.charAt(0)));
            }
            out.write(0);
            // The non-semver tie-breaks: the padding of each digit run, then the text itself.
            for (String run : runs) {
                if (isDigitChar(run.charAt(0))) {
                    writeLength(out, run.length());
                }
            }
            for (int i = 0; i < original.length(); i++) {
                writeChar(out, original.charAt(i));
            }
        }
        return out.toByteArray();
    }

    private static void writeRun(ByteArrayOutputStream out, String run, boolean digits) {
        if (digits) {
            out.write(1);
            writeNumber(out, stripLeadingZeros(run));
        } else {
            out.write(2);
            for (int i = 0; i < run.length(); i++) {
                writeChar(out, run.charAt(i));
            }
            writeChar(out, (char) 0);
        }
    }

    private static void writeNumber(ByteArrayOutputStream out, String digits) {
        writeLength(out, digits.length());
        for (int i = 0; i < digits.length(); i++) {
            out.write(digits.charAt(i));
        }
    }

    private static void writeLength(ByteArrayOutputStream out, int length) {
        out.write(length >>> 24);
        out.write(length >>> 16);
        out.write(length >>> 8);
        out.write(length);
    }

    private static void writeChar(ByteArrayOutputStream out, char c) {
        out.write(c >>> 8);
        out.write(c);
    }

    /** Equal exactly when {@link #compareTo} returns 0 (build metadata and a {@code v} prefix are ignored). */
    @Override
    public boolean equals(Object o) {
        return o instanceof VersionOrder other && semver == other.semver && precedenceKey.equals(other.precedenceKey);
    }

    @Override
    public int hashCode() {
        return Boolean.hashCode(semver) * 31 + precedenceKey.hashCode();
    }

    /** The original version string, exactly as parsed. */
    @Override
    public String toString() {
        return original;
    }
}
