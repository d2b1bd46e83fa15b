package io.kongflow.jobs.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.List;

/** Display properties the SDK's ServerTask schema accepts: only those with a string label and text. */
final class TaskProperties {

    private TaskProperties() {}

    static JsonNode displayable(List<JsonNode> properties, ObjectMapper json) {
        if (properties == null) {
            return null;
        }
        ArrayNode kept = json.createArrayNode();
        for (JsonNode property : properties) {
            if (property != null
                    && property.path("label").isTextual()
                    && property.path("text").isTextual()) {
                kept.add(property);
            }
        }
        return kept;
    }
}
