package io.kongflow.jobs.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The EXECUTE_JOB body: stored JSON passed through as it is, and no empty noop filter. */
class ExecutionBodyTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void storedJsonIsPassedThroughUnchanged() throws Exception {
        String payload = "{\"amount\": 1.50, \"tags\": [\"a\", null], \"nested\": {\"é\": \"\\u2028\"}}";
        JsonNode body =
                json.readTree(ExecutionBody.build(json, run(payload, "{\"ip\": \"10.0.0.1\"}"), List.of(), 1000));
        assertEquals(json.readTree(payload), body.at("/event/payload"));
        assertEquals("10.0.0.1", body.at("/event/context/ip").asText());
        assertTrue(body.at("/account").isMissingNode(), "no account: the field is left out, not null");
        assertTrue(body.at("/source").isMissingNode(), "no source context: the field is left out, not null");
    }

    @Test
    void aScheduleTicksSourceContextIsTheBodysSource() throws Exception {
        String source = "{\"id\": \"nightly\", \"metadata\": {\"team\": [\"a\"]}}";
        JsonNode body = json.readTree(ExecutionBody.build(json, run("{}", "{}", source), List.of(), 1000));
        assertEquals(json.readTree(source), body.get("source"));
    }

    @Test
    void aNullPayloadStaysPresentAsNull() throws Exception {
        JsonNode body = json.readTree(ExecutionBody.build(json, run(null, null), List.of(), 1000));
        assertTrue(body.get("event").has("payload"));
        assertTrue(body.at("/event/payload").isNull());
    }

    @Test
    void theNoopFilterIsSentOnlyWhenANoopTaskCompleted() throws Exception {
        JsonNode none = json.readTree(ExecutionBody.build(json, run("{}", null), List.of(), 1000));
        assertFalse(none.has("noopTasksSet"), "an empty filter says nothing: it is left out");

        CachedTask noop = new CachedTask(UUID.randomUUID(), "log-1", true, null, null, true);
        CachedTask done = new CachedTask(UUID.randomUUID(), "task-1", false, "{\"n\": 1}", null, true);
        JsonNode some = json.readTree(ExecutionBody.build(json, run("{}", null), List.of(noop, done), 1000));
        BloomFilter expected = new BloomFilter();
        expected.add("log-1");
        assertEquals(expected.serialize(), some.get("noopTasksSet").asText());
        assertEquals(1, some.get("tasks").size());
        assertEquals(1, some.at("/tasks/0/output/n").asInt());
    }

    private static RunContext run(String payload, String context) {
        return run(payload, context, null);
    }

    private static RunContext run(String payload, String context, String sourceContext) {
        UUID id = UUID.randomUUID();
        return new RunContext(
                id,
                false,
                0,
                List.of(),
                "event-1",
                "test.event",
                payload,
                context,
                Instant.parse("2026-11-30T00:00:00Z"),
                "job",
                "1.0.0",
                id,
                "dev",
                "DEVELOPMENT",
                "sealed",
                id,
                "Org",
                "org",
                id,
                "Project",
                "project",
                "http://127.0.0.1/api/trigger",
                null,
                0,
                0,
                null,
                null,
                sourceContext,
                null);
    }
}
