package io.kongflow.jobs.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * An RFC 9457 problem document. {@code error} repeats {@code detail} because trigger.dev v2
 * clients print that member.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@RegisterForReflection // serialised from exception mappers and a Vert.x route, not from a typed resource method
public record Problem(
        String type, String title, int status, String detail, String instance, String error, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** One offending input field: its JSON path and what is wrong with it. */
    @RegisterForReflection
    public record FieldError(String path, String message) {}
}
