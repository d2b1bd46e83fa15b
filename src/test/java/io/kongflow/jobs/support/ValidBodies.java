package io.kongflow.jobs.support;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kongflow.jobs.support.OpenApiOperations.Operation;
import java.util.UUID;

/**
 * For each operation that takes a body, one its owner could send successfully against a
 * {@link PopulatedTenant}: a refusal then comes from who is asking, never from a malformed body.
 * An operation missing here fails loudly, so that a new route gets a body before it is covered.
 */
public final class ValidBodies {

    private ValidBodies() {}

    /** The body for that operation, or null when it takes none. */
    public static String of(Operation operation) {
        if (!operation.hasBody()) {
            return null;
        }
        String unique = UUID.randomUUID().toString().substring(0, 8);
        return switch (operation.operationId()) {
            case "createOrganization" -> "{\"slug\":\"org-" + unique + "\",\"title\":\"Org\"}";
            case "createProject" -> "{\"slug\":\"proj-" + unique + "\",\"name\":\"Project\"}";
            case "createEnvironment" -> "{\"slug\":\"env-" + unique + "\",\"type\":\"STAGING\"}";
            case "createApiKey" -> "{\"name\":\"key-" + unique + "\",\"scopes\":[\"read\"]}";
            case "createEndpoint" ->
                "{\"id\":\"" + PopulatedTenant.ENDPOINT + "\",\"url\":\"" + FakeEndpoint.empty() + "\"}";
            case "indexEndpoint" -> "{\"reason\":\"manual\"}";
            case "registerJob" -> newVersion().toString();
            case "syncEndpointJobs" -> "{\"jobs\":[" + newVersion() + "]}";
            case "pinJobAlias", "testJob" -> "{\"version\":\"" + PopulatedTenant.VERSION + "\"}";
            case "invokeJob" -> "{\"payload\":{\"from\":\"test\"}}";
            case "createQueue" -> "{\"name\":\"queue-" + unique + "\",\"maxJobs\":3}";
            case "updateQueue" -> "{\"maxJobs\":7}";
            case "runTask" -> "{\"idempotencyKey\":\"key-" + unique + "\",\"noop\":false,\"name\":\"Step\"}";
            case "completeTask" -> "{\"output\":\"{\\\"a\\\":1}\"}";
            case "failTask" -> "{\"error\":{\"message\":\"boom\"}}";
            // Delivered only in a day: no delivery changes the database while a test compares snapshots.
            case "sendEvent" ->
                "{\"event\":{\"name\":\"valid.event\",\"id\":\"evt-" + unique
                        + "\",\"payload\":{\"n\":1}},\"options\":{\"deliverAfter\":86400}}";
            case "sendEvents" ->
                "{\"events\":[{\"name\":\"valid.event\",\"id\":\"evt-" + unique
                        + "\"}],\"options\":{\"deliverAfter\":86400}}";
            case "taskCallback", "runTaskCallback" -> "{\"done\":true}";
            case "createEphemeralEventDispatcher" ->
                "{\"url\":\"http://localhost/api/v1/tasks/" + PopulatedTenant.TASK + "/callback/"
                        + PopulatedTenant.CALLBACK_SECRET + "\",\"name\":\"valid.event\",\"timeoutInSeconds\":60}";
            case "updateRunStatus" -> "{\"label\":\"Working\",\"state\":\"loading\",\"data\":{\"p\":0.1}}";
            case "registerSchedule" ->
                "{\"id\":\"key-" + unique + "\",\"type\":\"interval\",\"options\":{\"seconds\":86400}}";
            case "storeValue" -> "{\"stored\":true}"; // any text: the SDK stores JSON
            default -> throw new AssertionError("No valid body known for " + operation + ": add one to ValidBodies");
        };
    }

    /** The tenant's job in a version it does not have yet. */
    private static ObjectNode newVersion() {
        return Fixtures.job("index-a", PopulatedTenant.JOB).put("version", "1.0.1");
    }
}
