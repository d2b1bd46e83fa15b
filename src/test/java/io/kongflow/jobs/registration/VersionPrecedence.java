package io.kongflow.jobs.registration;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The version order as {@link VersionOrder}'s documentation states it, written as a plain comparator:
 * the oracle {@link VersionOrder#rank()}'s bytes are checked against. The service itself only ever
 * orders by rank (in PostgreSQL), so this lives with the tests.
 */
final class VersionPrecedence {

    private static final Pattern SEMVER = Pattern.compile("^v?(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)"
            + "(?:-((?:0|[1-9][0-9]*|[0-9]*[a-zA-Z-][0-9a-zA-Z-]*)"
            + "(?:\\.(?:0|[1-9][0-9]*|[0-9]*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
            + "(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?$");

    private VersionPrecedence() {}

    static int compare(String a, String b) {
        Matcher left = SEMVER.matcher(a);
        Matcher right = SEMVER.matcher(b);
        boolean leftSemver = left.matches();
        boolean rightSemver = right.matches();
        if (leftSemver != rightSemver) {
            return leftSemver ? -1 : 1;
        }
        return leftSemver ? compareSemver(left, right) : compareNatural(a, b);
    }

    private static int compareSemver(Matcher a, Matcher b) {
        for (int group = 1; group <= 3; group++) {
            int c = compareDigits(a.group(group), b.group(group));
            if (c != 0) {
                return c;
            }
        }
        String[] left = a.group(4) == null ? new String[0] : a.group(4).split("\\.");
        String[] right = b.group(4) == null ? new String[0] : b.group(4).split("\\.");
        if (left.length == 0 || right.length == 0) {
            // A release ranks above any of its pre-releases.
            return Boolean.compare(left.length == 0, right.length == 0);
        }
        for (int i = 0; i < Math.min(left.length, right.length); i++) {
            int c = compareIdentifier(left[i], right[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(left.length, right.length);
    }

    private static int compareIdentifier(String a, String b) {
        boolean aNumeric = isDigits(a);
        boolean bNumeric = isDigits(b);
        if (aNumeric && bNumeric) {
            return compareDigits(a, b);
        }
        if (aNumeric != bNumeric) {
            return aNumeric ? -1 : 1;
        }
        return a.compareTo(b);
    }

    private static int compareNatural(String left, String right) {
        List<String> mine = runs(left);
        List<String> theirs = runs(right);
        int paddingTieBreak = 0;
        for (int i = 0; i < Math.min(mine.size(), theirs.size()); i++) {
            String a = mine.get(i);
            String b = theirs.get(i);
            boolean aDigits = isDigit(a.charAt(0));
            boolean bDigits = isDigit(b.charAt(0));
            if (aDigits != bDigits) {
                return aDigits ? -1 : 1;
            }
            int c = aDigits ? compareDigits(stripLeadingZeros(a), stripLeadingZeros(b)) : a.compareTo(b);
            if (c != 0) {
                return c;
            }
            // Same value: remember the first padding difference, but let later runs decide first.
            if (aDigits && paddingTieBreak == 0) {
                paddingTieBreak = Integer.compare(a.length(), b.length());
            }
        }
        if (mine.size() != theirs.size()) {
            return Integer.compare(mine.size(), theirs.size());
        }
        return paddingTieBreak != 0 ? paddingTieBreak : left.compareTo(right);
    }

    private static int compareDigits(String a, String b) {
        return a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
    }

    private static String stripLeadingZeros(String digits) {
        int i = 0;
        while (i < digits.length() - 1 && digits.charAt(i) == '0') {
            i++;
        }
        return digits.substring(i);
    }

    private static List<String> runs(String s) {
        List<String> result = new ArrayList<>();
        int start = 0;
        for (int i = 1; i <= s.length(); i++) {
            if (i == s.length() || isDigit(s.charAt(i)) != isDigit(s.charAt(start))) {
                result.add(s.substring(start, i));
                start = i;
            }
        }
        return result;
    }

    private static boolean isDigits(String s) {
        return s.chars().allMatch(c -> isDigit((char) c));
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
