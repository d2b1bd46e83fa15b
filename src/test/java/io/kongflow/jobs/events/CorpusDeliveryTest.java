package io.kongflow.jobs.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kongflow.jobs.support.Api;
import io.kongflow.jobs.support.Database;
import io.kongflow.jobs.support.Eventually;
import io.kongflow.jobs.support.Fixtures;
import io.kongflow.jobs.support.Tenants;
import io.kongflow.jobs.support.Tenants.Tenant;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The dispatcher corpus (cases answered by the v2 SDK in node) through the service as a user meets
 * it: each case's filters registered as a job's trigger, its payload and context sent as an event,
 * and the delivery worker starting a run exactly for the cases v2 matched. Every fifth case that
 * the API accepts (filters that are JSON objects, no NUL character) is sent, which keeps every
 * operator family in.
 */
@QuarkusTest
class CorpusDeliveryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int EVERY = 5;
    private static final int BULK = 200;

    final Database database = Database.shared();

    @Test
    void everySentCaseStartsARunExactlyWhenV2MatchedIt() throws IOException {
        List<JsonNode> cases = registrableSample();
        Tenant tenant = Tenants.create();
        Api.endpoint(tenant, "app");
        for (int i = 0; i < cases.size(); i++) {
            Api.register(tenant, "app", job(i, cases.get(i))).statusCode(201);
        }

        Set<String> expected = new HashSet<>();
        ArrayNode events = JSON.createArrayNode();
        for (int i = 0; i < cases.size(); i++) {
            JsonNode c = cases.get(i);
            if (c.get("matches").asBoolean()) {
                expected.add("case-" + i);
            }
            events.addObject().put("id", "case-" + i).put("name", "corpus." + i).set("payload", c.get("payload"));
            ((ObjectNode) events.get(events.size() - 1)).set("context", c.get("context"));
            if (events.size() == BULK || i == cases.size() - 1) {
                Api.as(tenant)
                        .body(JSON.createObjectNode().set("events", events).toString())
                        .post("/api/v1/events/bulk")
                        .then()
                        .statusCode(200);
                events = JSON.createArrayNode();
            }
        }

        int sent = cases.size();
        Eventually.await(
                () -> database.count(
                                "SELECT count(*) FROM event_records WHERE environment_id = $1::uuid"
                                        + " AND delivered_at IS NOT NULL",
                                tenant.environmentId())
                        == sent,
                sent + " events delivered");
        Set<String> started = new HashSet<>();
        database.query("""
                        SELECT e.event_id FROM event_records e JOIN job_runs r ON r.event_id = e.id
                        WHERE e.environment_id = $1::uuid""", tenant.environmentId()).forEach(row -> started.add(row.getString("event_id")));

        List<String> mismatches = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            String id = "case-" + i;
            if (expected.contains(id) != started.contains(id)) {
                mismatches.add("v2 " + expected.contains(id) + ", ours " + started.contains(id) + ": " + cases.get(i));
            }
        }
        assertEquals(List.of(), mismatches.stream().limit(10).toList(), mismatches.size() + " mismatches");
        assertTrue(expected.size() >= 50 && sent - expected.size() >= 50, "both answers are well represented");
        assertEquals(
                expected.size(),
                database.count("SELECT count(*) FROM job_runs WHERE environment_id = $1::uuid", tenant.environmentId()),
                "one run per matched case");
    }

    /** The job of case {@code i}: its trigger is the event {@code corpus.i} with the case's filters. */
    private static ObjectNode job(int i, JsonNode c) {
        ObjectNode job = Fixtures.signup("corpus-" + i, "1.0.0");
        ObjectNode rule = (ObjectNode) job.get("trigger").get("rule");
        rule.put("event", "corpus." + i);
        rule.remove("payload");
        rule.remove("context");
        if (c.get("payloadFilter").isObject()) {
            rule.set("payload", c.get("payloadFilter"));
        }
        if (c.get("contextFilter").isObject()) {
            rule.set("context", c.get("contextFilter"));
        }
        return job;
    }

    private static List<JsonNode> registrableSample() throws IOException {
        JsonNode all;
        try (InputStream json = CorpusDeliveryTest.class.getResourceAsStream("/event-filter/dispatcher-corpus.json")) {
            all = JSON.readTree(json);
        }
        List<JsonNode> sample = new ArrayList<>();
        for (int i = 0; i < all.size(); i += EVERY) {
            JsonNode c = all.get(i);
            // Filters must be objects to register, and PostgreSQL stores no NUL (both refused with a 400).
            if (registrable(c.get("payloadFilter"))
                    && registrable(c.get("contextFilter"))
                    && !c.toString().contains("\\u0000")) {
                sample.add(c);
            }
        }
        return sample;
    }

    private static boolean registrable(JsonNode filter) {
        return filter.isNull() || filter.isObject();
    }
}
