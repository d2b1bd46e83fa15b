package io.kongflow.jobs.registration;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.kongflow.jobs.persistence.Parameters;
import io.kongflow.jobs.persistence.Statements;
import io.kongflow.jobs.registration.JobMetadata.Example;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Step 4: the version's examples become exactly the incoming list (one statement, any size). */
@ApplicationScoped
class ExampleSync {

    private static final String SYNC = """
            WITH incoming AS (
                SELECT * FROM jsonb_to_recordset(CAST(CAST(:examples AS text) AS jsonb))
                    AS x(id text, name text, icon text, payload jsonb)),
            removed AS (
                DELETE FROM event_examples WHERE job_version_id = :versionId AND slug NOT IN (SELECT id FROM incoming))
            INSERT INTO event_examples (job_version_id, slug, name, icon, payload)
            SELECT :versionId, id, name, icon, payload FROM incoming
            ON CONFLICT (job_version_id, slug) DO UPDATE SET
                name = EXCLUDED.name, icon = EXCLUDED.icon, payload = EXCLUDED.payload, updated_at = now()
            WHERE (event_examples.name, event_examples.icon, event_examples.payload)
                IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.icon, EXCLUDED.payload)""";

    Uni<Void> apply(Statements sql, RegistrationState state) {
        if (!state.versionChanged) {
            return Uni.createFrom().voidItem();
        }
        return sql.execute(SYNC, Parameters.with("versionId", state.versionId).and("examples", asJson(state)))
                .replaceWithVoid();
    }

    private static String asJson(RegistrationState state) {
        ArrayNode examples = JsonNodeFactory.instance.arrayNode();
        for (Example example : state.metadata.examples()) {
            var node = examples.addObject()
                    .put("id", example.id())
                    .put("name", example.name())
                    .put("icon", example.icon());
            node.set("payload", example.payload());
        }
        return examples.toString();
    }
}
