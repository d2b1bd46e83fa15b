package io.kongflow.jobs.api;

import io.kongflow.jobs.problem.InvalidInput;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.ext.ParamConverter;
import jakarta.ws.rs.ext.ParamConverterProvider;
import jakarta.ws.rs.ext.Provider;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads numeric and boolean query parameters strictly, so that a malformed one ({@code ?limit=abc},
 * {@code ?includeDisabled=maybe}) is a 400 naming the parameter. JAX-RS would answer 404 for an
 * unconvertible query parameter, and {@code Boolean.valueOf} reads any word as false.
 */
@Provider
public class StrictQueryParameters implements ParamConverterProvider {

    private static final Pattern ASCII_INTEGER = Pattern.compile("[-+]?[0-9]{1,19}");

    @Override
    @SuppressWarnings("unchecked")
    public <T> ParamConverter<T> getConverter(Class<T> rawType, Type genericType, Annotation[] annotations) {
        String name = queryParameterName(annotations);
        if (name == null) {
            return null;
        }
        if (rawType == int.class || rawType == Integer.class) {
            return (ParamConverter<T>)
                    converter(name, "must be a whole number", value -> Integer.valueOf(digits(value)));
        }
        if (rawType == long.class || rawType == Long.class) {
            return (ParamConverter<T>) converter(name, "must be a whole number", value -> Long.valueOf(digits(value)));
        }
        if (rawType == boolean.class || rawType == Boolean.class) {
            return (ParamConverter<T>) converter(name, "must be true or false", StrictQueryParameters::bool);
        }
        return null;
    }

    private static String queryParameterName(Annotation[] annotations) {
        for (Annotation annotation : annotations) {
            if (annotation instanceof QueryParam query) {
                return query.value();
            }
        }
        return null;
    }

    private static <T> ParamConverter<T> converter(String name, String rule, Function<String, T> parse) {
        return new ParamConverter<>() {
            @Override
            public T fromString(String value) {
                if (value == null) {
                    return null;
                }
                try {
                    return parse.apply(value.trim());
                } catch (IllegalArgumentException e) {
                    throw new InvalidInput(name, rule);
                }
            }

            @Override
            public String toString(T value) {
                return String.valueOf(value);
            }
        };
    }

    /** ASCII digits only: {@code Integer.valueOf} also reads other scripts' digits ("１" is 1). */
    private static String digits(String value) {
        if (!ASCII_INTEGER.matcher(value).matches()) {
            throw new IllegalArgumentException(value);
        }
        return value;
    }

    private static Boolean bool(String value) {
        if ("true".equalsIgnoreCase(value)) {
            return Boolean.TRUE;
        }
        if ("false".equalsIgnoreCase(value)) {
            return Boolean.FALSE;
        }
        throw new IllegalArgumentException(value);
    }
}
