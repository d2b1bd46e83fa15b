package io.kongflow.jobs.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.kongflow.jobs.ops.RequestIds;
import io.kongflow.jobs.persistence.DatabaseFailures;
import io.kongflow.jobs.problem.ApiException;
import io.kongflow.jobs.problem.BadRequest;
import io.kongflow.jobs.problem.Conflict;
import io.kongflow.jobs.problem.InvalidInput;
import io.kongflow.jobs.problem.Problem;
import io.quarkus.logging.Log;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.io.CharConversionException;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The one place where failures become RFC 9457 {@code application/problem+json} answers. */
public class ProblemMapper {

    private static final String TYPE_BASE = "https://kongflow.io/problems/";
    // Backstops behind validation: character_not_in_repertoire, untranslatable_character (NUL in
    // jsonb), string_data_right_truncation, program_limit_exceeded (index row too large).
    private static final Set<String> UNSTORABLE_INPUT = Set.of("22021", "22P05", "22001", "54000");
    private static final String UNIQUE_VIOLATION = "23505";

    @ServerExceptionMapper
    public Response apiException(ApiException e, HttpServerRequest request) {
        List<Problem.FieldError> errors = e instanceof InvalidInput invalid ? invalid.errors() : null;
        return respond(e.status(), e.title(), e.getMessage(), errors, request);
    }

    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e, HttpServerRequest request) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(violation -> new Problem.FieldError(pathOf(violation), violation.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::path))
                .toList();
        return apiException(new InvalidInput(errors), request);
    }

    /** Declared apart because Quarkus REST ships its own mapper for exactly this type. */
    @ServerExceptionMapper
    public Response mismatchedJson(MismatchedInputException e, HttpServerRequest request) {
        return unreadableJson(e, request);
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e, HttpServerRequest request) {
        String path = e instanceof JsonMappingException mapping ? JsonPaths.of(mapping.getPath()) : "";
        String message = e instanceof StreamConstraintsException || e.getCause() instanceof StreamConstraintsException
                ? "is nested deeper than " + StreamReadConstraints.DEFAULT_MAX_DEPTH + " levels or has too long a value"
                : e instanceof JsonMappingException ? "has the wrong type or shape" : "is not valid JSON";
        return apiException(new InvalidInput(path, message), request);
    }

    /** Bytes Jackson cannot even decode as text (it guessed UTF-32 from the first bytes, say). */
    @ServerExceptionMapper
    public Response undecodableBody(CharConversionException e, HttpServerRequest request) {
        return apiException(new InvalidInput("", "is not valid JSON"), request);
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, HttpServerRequest request) {
        // Quarkus REST wraps what failed while reading a parameter or the body: a strict query
        // parameter's InvalidInput (else a 404), Jackson's nesting or size constraints (else a bare 400).
        if (e.getCause() instanceof ApiException cause) {
            return apiException(cause, request);
        }
        if (e.getCause() instanceof JsonProcessingException cause) {
            return unreadableJson(cause, request);
        }
        if (e.getCause() instanceof CharConversionException cause) {
            return undecodableBody(cause, request);
        }
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e, request);
        }
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known == null ? "Error" : known.getReasonPhrase();
        return respond(status, title, detailOf(status, e), null, request);
    }

    @ServerExceptionMapper(priority = Integer.MAX_VALUE)
    public Response unexpected(Throwable e, HttpServerRequest request) {
        String sqlState = DatabaseFailures.sqlState(e);
        if (sqlState != null && UNSTORABLE_INPUT.contains(sqlState)) {
            return apiException(
                    new BadRequest("A value in the request cannot be stored: it contains a NUL character, "
                            + "is not valid text, or is too long"),
                    request);
        }
        if (UNIQUE_VIOLATION.equals(sqlState)) {
            return apiException(new Conflict("A concurrent request created the same object first"), request);
        }
        if (DatabaseFailures.isUnavailable(e)) {
            Log.warnf("Database unavailable: %s", e.getMessage());
            Response.ResponseBuilder answer =
                    problem(503, "Service Unavailable", "The database is unavailable; retry shortly", null, request);
            return answer.header("Retry-After", "5").build();
        }
        Log.errorf(e, "Unexpected failure on %s %s", request.method(), request.path());
        return respond(500, "Internal Server Error", "An unexpected error occurred", null, request);
    }

    private static Response respond(
            int status, String title, String detail, List<Problem.FieldError> errors, HttpServerRequest request) {
        return problem(status, title, detail, errors, request).build();
    }

    private static Response.ResponseBuilder problem(
            int status, String title, String detail, List<Problem.FieldError> errors, HttpServerRequest request) {
        String type = TYPE_BASE + title.toLowerCase().replace(' ', '-');
        Problem body = new Problem(type, title, status, detail, instance(request), detail, errors);
        return Response.status(status).type(Problem.MEDIA_TYPE).entity(body);
    }

    /** The occurrence: this request's id, which is also in the response header and every log line. */
    static String instance(HttpServerRequest request) {
        return "urn:kongflow:request:" + RequestIds.of(request);
    }

    private static String detailOf(int status, WebApplicationException e) {
        return switch (status) {
            case 404 -> "No such resource";
            case 405 -> "Method not allowed on this resource";
            case 406 -> "Only application/json answers are available";
            case 413 -> "Request body too large";
            case 415 -> "Unsupported media type; send application/json";
            default -> e.getMessage();
        };
    }

    private static String pathOf(ConstraintViolation<?> violation) {
        // "create.request.slug" → "slug": drop the method and parameter names of the resource.
        String path = violation.getPropertyPath().toString();
        String[] parts = path.split("\\.", 3);
        return parts.length == 3 ? parts[2] : parts[parts.length - 1];
    }
}
