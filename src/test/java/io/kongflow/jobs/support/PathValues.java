package io.kongflow.jobs.support;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Known values for the path parameters of the OpenAPI document. A parameter is looked up by the
 * literal segment before it and its name ({@code jobs/{slug}}, {@code queues/{id}}), then by its name
 * alone ({@code {environmentId}}). A parameter with no known value fails loudly: a new route needs a
 * value here before it can be covered.
 */
public final class PathValues {

    private static final Pattern PARAMETER = Pattern.compile("\\{([^}]+)}");

    private final Map<String, String> values = new LinkedHashMap<>();

    /** Adds a value for {@code key}: {@code "jobs/{slug}"} or {@code "{environmentId}"}. */
    public PathValues with(String key, String value) {
        values.put(key, value);
        return this;
    }

    /** A copy with some values replaced. */
    public PathValues overriding(Map<String, String> replacements) {
        PathValues copy = new PathValues();
        copy.values.putAll(values);
        copy.values.putAll(replacements);
        return copy;
    }

    /** The path template with every parameter replaced by its known value. */
    public String expand(String template) {
        return expand(template, null, null);
    }

    /** As {@link #expand(String)}, but {@code {parameter}} becomes {@code value} (already encoded). */
    public String expand(String template, String parameter, String value) {
        StringBuilder path = new StringBuilder();
        String literal = null;
        for (String segment : template.substring(1).split("/")) {
            Matcher placeholder = PARAMETER.matcher(segment);
            if (placeholder.matches()) {
                String name = placeholder.group(1);
                path.append('/').append(name.equals(parameter) ? value : valueOf(template, literal, name));
            } else {
                literal = segment;
                path.append('/').append(segment);
            }
        }
        return path.toString();
    }

    private String valueOf(String template, String literal, String name) {
        String value = values.get(literal + "/{" + name + "}");
        if (value == null) {
            value = values.get("{" + name + "}");
        }
        if (value == null) {
            throw new AssertionError("No known value for path parameter {" + name + "} (after '" + literal + "') of "
                    + template + ": add one to the tenant's PathValues");
        }
        return value;
    }
}
