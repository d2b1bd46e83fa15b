package io.kongflow.jobs.support;

import static io.restassured.RestAssured.given;

import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The operations of the service's own OpenAPI document ({@code /q/openapi}). Tests that must cover
 * every route enumerate these, so that a new route is covered the day it is added.
 */
public final class OpenApiOperations {

    private static final Set<String> WRITE_METHODS = Set.of("POST", "PUT", "PATCH", "DELETE");

    private OpenApiOperations() {}

    /**
     * One operation: its method, path template, id, the scope it declares (null: none), whether it
     * takes a body, and the names of its query parameters.
     */
    public record Operation(
            String method,
            String path,
            String operationId,
            String scope,
            boolean hasBody,
            List<String> queryParameters) {

        public boolean isWrite() {
            return WRITE_METHODS.contains(method);
        }

        public boolean isAdmin() {
            return path.startsWith("/api/admin/");
        }

        /** Whether the path names an existing object (a path parameter); otherwise it is a collection of the caller's. */
        public boolean namesAnObject() {
            return path.contains("{");
        }

        @Override
        public String toString() {
            return method + " " + path + " (" + operationId + ")";
        }
    }

    /** Every operation of the document. */
    public static List<Operation> all() {
        JsonPath document = given().get("/q/openapi?format=json")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        Map<String, Map<String, Map<String, Object>>> paths = document.getMap("paths");
        List<Operation> operations = new ArrayList<>();
        paths.forEach((path, methods) -> methods.forEach((method, operation) -> operations.add(new Operation(
                method.toUpperCase(),
                path,
                (String) operation.get("operationId"),
                scopeOf(operation),
                operation.get("requestBody") != null,
                queryParametersOf(operation)))));
        if (operations.size() < 30) {
            throw new AssertionError("The OpenAPI document lists only " + operations.size() + " operations");
        }
        return operations;
    }

    /** The write operations (POST, PUT, PATCH, DELETE) of the API and of the admin API. */
    public static List<Operation> writes() {
        return all().stream()
                .filter(Operation::isWrite)
                .filter(operation -> operation.path().startsWith("/api/v1/") || operation.isAdmin())
                .toList();
    }

    @SuppressWarnings("unchecked")
    private static List<String> queryParametersOf(Map<String, Object> operation) {
        List<Map<String, Object>> parameters = (List<Map<String, Object>>) operation.get("parameters");
        return parameters == null
                ? List.of()
                : parameters.stream()
                        .filter(parameter -> "query".equals(parameter.get("in")))
                        .map(parameter -> (String) parameter.get("name"))
                        .toList();
    }

    @SuppressWarnings("unchecked")
    private static String scopeOf(Map<String, Object> operation) {
        List<Map<String, List<String>>> security = (List<Map<String, List<String>>>) operation.get("security");
        if (security == null || security.isEmpty()) {
            return null;
        }
        List<String> scopes = security.get(0).get("bearerAuth");
        return scopes == null || scopes.isEmpty() ? null : scopes.get(0);
    }
}
