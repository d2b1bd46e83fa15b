package io.kongflow.jobs.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The real trigger.dev v2 SDK payloads (copied from shared/fixtures) and small variations of them. */
public final class Fixtures {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Fixtures() {}

    /** A whole INDEX_ENDPOINT answer, such as {@code index-a}. */
    public static JsonNode index(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/sdk-2.3.18/" + name + ".json")) {
            return MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One job of a fixture, as a mutable copy. */
    public static ObjectNode job(String index, String jobId) {
        for (JsonNode job : index(index).get("jobs")) {
            if (job.get("id").asText().equals(jobId)) {
                return (ObjectNode) job.deepCopy();
            }
        }
        throw new IllegalArgumentException("No job " + jobId + " in " + index);
    }

    /** The user-signup job of index-a under another id and version. */
    public static ObjectNode signup(String id, String version) {
        ObjectNode job = job("index-a", "user-signup");
        job.put("id", id).put("version", version);
        return job;
    }

    /** Any JSON value (an array, a string, ...). */
    public static JsonNode parseAny(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ObjectNode parse(String json) {
        try {
            return (ObjectNode) MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
