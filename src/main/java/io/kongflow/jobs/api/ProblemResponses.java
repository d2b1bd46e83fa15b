package io.kongflow.jobs.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * Makes every operation document exactly what it can answer: its success statuses
 * ({@link OperationAnswers}) and its RFC 9457 problem answers — 400 where it reads input (query or
 * header parameters; any write, whose body, if one is sent, is read strictly), 401 when it needs a
 * key or the admin token, 403 when it needs a scope, 404 when it names an object (or is an admin
 * route, closed while no admin token is set), 409 where {@link OperationAnswers} names a conflict,
 * 413 and 415 when it takes a body, and everywhere 406 (an {@code Accept} without JSON), 500 (an
 * unexpected failure) and 503 (database unavailable) — each with the problem schema. The test
 * suite's {@code ObservedStatusesCheck} fails on any status it sees that this leaves out.
 */
public class ProblemResponses implements OASFilter {

    private static final String PROBLEM_REF = "#/components/schemas/Problem";
    private static final Set<PathItem.HttpMethod> WRITES = Set.of(
            PathItem.HttpMethod.POST, PathItem.HttpMethod.PUT, PathItem.HttpMethod.PATCH, PathItem.HttpMethod.DELETE);

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        Components components =
                openAPI.getComponents() == null ? OASFactory.createComponents() : openAPI.getComponents();
        components.addSchema("Problem", problemSchema());
        openAPI.setComponents(components);
        if (openAPI.getPaths() == null) {
            return;
        }
        Set<String> unknown = new TreeSet<>(OperationAnswers.SUCCESS.keySet());
        unknown.addAll(OperationAnswers.CONFLICTS.keySet());
        unknown.addAll(OperationAnswers.NOT_FOUND.keySet());
        unknown.addAll(OperationAnswers.CHECKED_PATH_PARAMETERS);
        openAPI.getPaths()
                .getPathItems()
                .forEach((path, item) -> item.getOperations().forEach((method, operation) -> {
                    unknown.remove(operation.getOperationId());
                    answers(path, item, method, operation);
                }));
        if (!unknown.isEmpty()) {
            throw new IllegalStateException("OperationAnswers names operations that do not exist: " + unknown);
        }
    }

    private static void answers(String path, PathItem item, PathItem.HttpMethod method, Operation operation) {
        APIResponses responses =
                operation.getResponses() == null ? OASFactory.createAPIResponses() : operation.getResponses();
        successes(operation.getOperationId(), responses);
        List<Parameter> allParameters = new ArrayList<>();
        Optional.ofNullable(item.getParameters()).ifPresent(allParameters::addAll);
        Optional.ofNullable(operation.getParameters()).ifPresent(allParameters::addAll);
        boolean body = operation.getRequestBody() != null;
        boolean write = WRITES.contains(method);
        boolean parameters = allParameters.stream().anyMatch(parameter -> parameter.getIn() != Parameter.In.PATH);
        boolean secured = operation.getSecurity() == null
                || operation.getSecurity().stream()
                        .anyMatch(requirement -> !requirement.getSchemes().isEmpty());
        boolean scoped = operation.getSecurity() != null
                && operation.getSecurity().stream()
                        .flatMap(requirement -> requirement.getSchemes().values().stream())
                        .anyMatch(scopes -> scopes != null && !scopes.isEmpty());
        boolean admin = path.startsWith("/api/admin/");
        if (write || parameters || OperationAnswers.CHECKED_PATH_PARAMETERS.contains(operation.getOperationId())) {
            problem(responses, "400", "Invalid input; `errors` lists every offending field");
        }
        if (secured) {
            problem(responses, "401", "Missing or invalid " + (admin ? "admin token" : "API key"));
        }
        if (scoped) {
            problem(responses, "403", "The API key lacks the scope this operation needs");
        }
        String notFound = OperationAnswers.NOT_FOUND.get(operation.getOperationId());
        if (notFound != null) {
            problem(responses, "404", notFound);
        } else if (admin || path.contains("{")) {
            problem(
                    responses,
                    "404",
                    admin
                            ? "Not found, or the admin API is closed (no admin token configured)"
                            : "Not found, or not visible to the caller");
        }
        String conflict = OperationAnswers.CONFLICTS.get(operation.getOperationId());
        if (conflict != null) {
            problem(responses, "409", conflict);
        }
        if (body) {
            problem(responses, "413", "Request body too large");
            problem(responses, "415", "Unsupported media type");
        }
        problem(responses, "406", "The Accept header admits no JSON answer");
        problem(responses, "500", "Unexpected failure; `instance` names the request for the service's logs");
        problem(responses, "503", "Database unavailable; retry after Retry-After seconds");
        operation.setResponses(responses);
    }

    /** Replaces the generated 200 (204 without a body) with the operation's real success statuses, keeping its content. */
    private static void successes(String operationId, APIResponses responses) {
        Map<String, String> codes = OperationAnswers.SUCCESS.get(operationId);
        String status = responses.getAPIResponse("200") != null ? "200" : "204";
        APIResponse generated = responses.getAPIResponse(status);
        if (codes == null || generated == null) {
            return;
        }
        responses.removeAPIResponse(status);
        new TreeMap<>(codes)
                .forEach((code, description) -> responses.addAPIResponse(
                        code,
                        OASFactory.createAPIResponse().description(description).content(generated.getContent())));
    }

    private static void problem(APIResponses responses, String status, String description) {
        APIResponse response = responses.getAPIResponse(status);
        if (response == null) {
            response = OASFactory.createAPIResponse().description(description);
            responses.addAPIResponse(status, response);
        }
        if (response.getContent() == null) {
            response.content(OASFactory.createContent()
                    .addMediaType(
                            "application/problem+json",
                            OASFactory.createMediaType()
                                    .schema(OASFactory.createSchema().ref(PROBLEM_REF))));
        }
    }

    private static Schema problemSchema() {
        Schema text = OASFactory.createSchema().addType(Schema.SchemaType.STRING);
        Schema fieldError = OASFactory.createSchema()
                .addType(Schema.SchemaType.OBJECT)
                .addProperty("path", text)
                .addProperty("message", text)
                .required(List.of("path", "message"));
        return OASFactory.createSchema()
                .addType(Schema.SchemaType.OBJECT)
                .description("An RFC 9457 problem document; `error` repeats `detail` for trigger.dev v2 clients")
                .addProperty("type", text)
                .addProperty("title", text)
                .addProperty("status", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER))
                .addProperty("detail", text)
                .addProperty("instance", text)
                .addProperty("error", text)
                .addProperty(
                        "errors",
                        OASFactory.createSchema()
                                .addType(Schema.SchemaType.ARRAY)
                                .items(fieldError))
                .required(List.of("type", "title", "status", "detail"));
    }
}
