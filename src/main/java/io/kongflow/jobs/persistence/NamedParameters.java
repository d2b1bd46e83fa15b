package io.kongflow.jobs.persistence;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * SQL written with {@code :name} parameters, turned into PostgreSQL's positional {@code $n} form
 * once per statement text. A name used twice is one parameter. Casts ({@code ::}), string
 * literals, quoted identifiers and comments are left alone.
 */
final class NamedParameters {

    private static final Map<String, NamedParameters> COMPILED = new ConcurrentHashMap<>();

    final String sql;
    final List<String> names;

    private NamedParameters(String sql, List<String> names) {
        this.sql = sql;
        this.names = names;
    }

    static NamedParameters of(String sql) {
        return COMPILED.computeIfAbsent(sql, NamedParameters::compile);
    }

    static NamedParameters compile(String text) {
        StringBuilder sql = new StringBuilder(text.length());
        List<String> names = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\'' || c == '"') {
                int end = text.indexOf(c, i + 1);
                end = end < 0 ? text.length() - 1 : end;
                sql.append(text, i, end + 1);
                i = end + 1;
            } else if (c == '-' && text.startsWith("--", i)) {
                int end = text.indexOf('\n', i);
                end = end < 0 ? text.length() : end;
                sql.append(text, i, end);
                i = end;
            } else if (c == ':' && text.startsWith("::", i)) {
                sql.append("::");
                i += 2;
            } else if (c == ':' && i + 1 < text.length() && Character.isJavaIdentifierStart(text.charAt(i + 1))) {
                int end = i + 1;
                while (end < text.length() && Character.isJavaIdentifierPart(text.charAt(end))) {
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
                sql.append(c);
                i++;
            }
        }
        return new NamedParameters(sql.toString(), List.copyOf(names));
    }
}
