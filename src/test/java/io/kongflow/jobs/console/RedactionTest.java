package io.kongflow.jobs.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** Masking as trigger.dev v2's run page masked: redact paths in outputs, redacted strings in params. */
class RedactionTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void redactPathsMaskOutputValuesAndLeaveTheRest() throws Exception {
        var output = JSON.readTree("{\"secret\":\"s\",\"a\":{\"b\":{\"c\":1},\"d\":2},\"list\":[{\"secret\":1}]}");
        var redact = JSON.readTree("{\"paths\":[\"secret\",\"a.b.c\",\"missing.x\",\"list.0.secret\"]}");
        assertEquals(
                "{\"secret\":\"[REDACTED]\",\"a\":{\"b\":{\"c\":\"[REDACTED]\"},\"d\":2},\"list\":[{\"secret\":1}]}",
                Redaction.output(output, redact).toString());
        assertEquals("{\"secret\":\"s\"}", output.path("secret").isTextual() ? "{\"secret\":\"s\"}" : "");
        assertEquals("\"x\"", Redaction.output(JSON.readTree("\"x\""), redact).toString());
        assertEquals(output, Redaction.output(output, null));
    }

    @Test
    void redactedStringsShowTheirLiteralPartsOnly() throws Exception {
        var params = JSON.readTree(
                "{\"headers\":{\"Authorization\":{\"__redactedString\":true,"
                        + "\"strings\":[\"Bearer \",\"\"],\"interpolations\":[\"sk-1234\"]}},"
                        + "\"list\":[{\"__redactedString\":true,\"strings\":[\"a\",\"b\",\"c\"],\"interpolations\":[\"1\",\"2\"]}]}");
        assertEquals(
                "{\"headers\":{\"Authorization\":\"Bearer ********\"},\"list\":[\"a********b********c\"]}",
                Redaction.params(params).toString());
    }
}
