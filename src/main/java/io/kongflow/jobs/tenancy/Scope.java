package io.kongflow.jobs.tenancy;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.EnumSet;
import java.util.Set;

/** What an API key may do: read, write (register, index, run, change), delete. */
public enum Scope {
    READ,
    WRITE,
    DELETE;

    public static final Set<Scope> ALL = EnumSet.allOf(Scope.class);

    @JsonValue
    public String wire() {
        return name().toLowerCase();
    }

    @JsonCreator
    public static Scope of(String value) {
        return Scope.valueOf(value.toUpperCase());
    }
}
