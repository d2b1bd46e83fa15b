package io.kongflow.jobs.registration;

import static io.kongflow.jobs.registration.FieldReader.present;

import com.fasterxml.jackson.databind.JsonNode;
import io.kongflow.jobs.persistence.AuthSource;
import io.kongflow.jobs.registration.JobMetadata.IntegrationUse;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Reads the {@code integrations} of a JobMetadata: each integration a job uses, under its key. */
final class IntegrationReader {

    private IntegrationReader() {}

    /** The integrations sorted by key; empty when absent or invalid, the reasons collected in {@code fields}. */
    static List<IntegrationUse> read(FieldReader fields, JsonNode node) {
        if (fields.object(node, "integrations") == null) {
            return List.of();
        }
        List<IntegrationUse> integrations = new ArrayList<>();
        node.fields().forEachRemaining(entry -> {
            String key = entry.getKey();
            String path = "integrations." + key;
            JsonNode config = entry.getValue();
            if (!config.isObject()) {
                fields.error(path, "must be an object");
                return;
            }
            if (key.isBlank() || key.length() > FieldReader.MAX_IDENTIFIER || key.indexOf('\u0000') >= 0) {
                fields.error("integrations", "keys must be 1-" + FieldReader.MAX_IDENTIFIER + " characters");
                return;
            }
            String id = fields.identifier(config, path + ".id", "id");
            JsonNode definition = fields.requiredObject(config.get("metadata"), path + ".metadata");
            String definitionId = null;
            String definitionName = null;
            String instructions = null;
            if (definition != null) {
                definitionId = fields.identifier(definition, path + ".metadata.id", "id");
                definitionName = fields.text(definition, path + ".metadata.name", "name", true);
                instructions = fields.text(definition, path + ".metadata.instructions", "instructions", false);
            }
            AuthSource authSource = authSource(fields, config.get("authSource"), path + ".authSource");
            integrations.add(new IntegrationUse(key, id, definitionId, definitionName, instructions, authSource));
        });
        // A stable order keeps concurrent registrations taking integration row locks in the same order.
        integrations.sort(Comparator.comparing(IntegrationUse::key));
        return integrations;
    }

    private static AuthSource authSource(FieldReader fields, JsonNode node, String path) {
        if (!present(node) || !node.isTextual()) {
            fields.error(path, present(node) ? "must be HOSTED, LOCAL or RESOLVER" : "is required");
            return null;
        }
        try {
            return AuthSource.valueOf(node.textValue());
        } catch (IllegalArgumentException e) {
            fields.error(path, "must be HOSTED, LOCAL or RESOLVER");
            return null;
        }
    }
}
