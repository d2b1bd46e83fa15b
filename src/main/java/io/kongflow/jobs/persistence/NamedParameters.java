package io.kongflow.jobs.persistence;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * SQL written with {@code :name} parameters, turned into PostgreSQL's positional {@code $n} form
 * once per statement text. A name used twice is one parameter. Everything PostgreSQL reads as
 * something other than code is copied untouched: string constants ({@code '…'} with {@code ''},
 * {@code E'…'} with backslash escapes, {@code $tag$…$tag$}), quoted identifiers ({@code "…"}),
 * line comments ({@code --}), nested block comments and {@code ::} casts.
 */
record NamedParameters(String sql, List<String> names) {

    private static final Map<String, NamedParameters> COMPILED = new ConcurrentHashMap<>();

    static NamedParameters of(String sql) {
        return COMPILED.computeIfAbsent(sql, NamedParameters::compile);
    }

    static NamedParameters compile(String text) {
        StringBuilder sql = new StringBuilder(text.length());
        List<String> names = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            int end = endOfNonCode(text, i);
            if (end > i) {
                sql.append(text, i, end);
                i = end;
            } else if (text.startsWith("::", i)) {
                sql.append("::");
                i += 2;
            } else if (text.charAt(i) == ':' && i + 1 < text.length() && isNameStart(text.charAt(i + 1))) {
                end = i + 1;
                while (end < text.length() && isNamePart(text.charAt(end))) {
                    end++;
                }
                String name = text.substring(i + 1, end);
                int position = names.indexOf(name);
                if (position < 0) {
                    names.add(name);
                    position = names.size() - 1;
                }
                sql.append('$').append(position + 1);
                i = end;
            } else {
                sql.append(text.charAt(i));
                i++;
            }
        }
        return new NamedParameters(sql.toString(), List.copyOf(names));
    }

    /** Where the string, quoted identifier or comment starting at {@code i} ends; {@code i} when none starts there. */
    private static int endOfNonCode(String text, int i) {
        char c = text.charAt(i);
        if (c == '\'') {
            boolean escapes = i > 0
                    && (text.charAt(i - 1) == 'E' || text.charAt(i - 1) == 'e')
                    && (i == 1 || !isNamePart(text.charAt(i - 2)));
            return endOfQuoted(text, i, '\'', escapes);
        }
        if (c == '"') {
            return endOfQuoted(text, i, '"', false);
        }
        if (text.startsWith("--", i)) {
            int end = text.indexOf('\n', i);
            return end < 0 ? text.length() : end;
        }
        if (text.startsWith("/*", i)) {
            return endOfBlockComment(text, i);
        }
        if (c == '$' && (i == 0 || !isNamePart(text.charAt(i - 1)))) {
            return endOfDollarQuoted(text, i);
        }
        return i;
    }

    /** A doubled quote stands for itself; with {@code escapes}, so does a backslash-escaped one. */
    private static int endOfQuoted(String text, int start, char quote, boolean escapes) {
        int i = start + 1;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (escapes && c == '\\') {
                i += 2;
            } else if (c == quote && i + 1 < text.length() && text.charAt(i + 1) == quote) {
                i += 2;
            } else if (c == quote) {
                return i + 1;
            } else {
                i++;
            }
        }
        return text.length();
    }

    private static int endOfBlockComment(String text, int start) {
        int depth = 0;
        int i = start;
        while (i < text.length()) {
            if (text.startsWith("/*", i)) {
                depth++;
                i += 2;
            } else if (text.startsWith("*/", i)) {
                depth--;
                i += 2;
                if (depth == 0) {
                    return i;
                }
            } else {
                i++;
            }
        }
        return text.length();
    }

    /** {@code $$…$$} or {@code $tag$…$tag$}; a {@code $1} positional parameter is not a quote. */
    private static int endOfDollarQuoted(String text, int start) {
        int i = start + 1;
        if (i < text.length() && Character.isDigit(text.charAt(i))) {
            return start;
        }
        while (i < text.length() && isNamePart(text.charAt(i))) {
            i++;
        }
        if (i >= text.length() || text.charAt(i) != '$') {
            return start;
        }
        String tag = text.substring(start, i + 1);
        int close = text.indexOf(tag, i + 1);
        return close < 0 ? text.length() : close + tag.length();
    }

    private static boolean isNameStart(char c) {
        return Character.isLetter(c) || c == '_';
    }

    private static boolean isNamePart(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }
}
