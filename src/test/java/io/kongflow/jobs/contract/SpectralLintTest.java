package io.kongflow.jobs.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kongflow.jobs.support.TypeScriptTools;
import io.kongflow.jobs.support.TypeScriptTools.Result;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The committed contract passes Spectral's {@code spectral:oas} ruleset as the committed
 * {@code .spectral.yaml} configures it (every rule it turns off says why): no error and no warning.
 */
class SpectralLintTest {

    @Test
    void theContractHasNoSpectralErrorOrWarning() throws Exception {
        TypeScriptTools.require("Spectral runs on Node.js");
        String contract = new File("src/test/openapi/kongflow-jobs.json").getAbsolutePath();
        String ruleset = new File(".spectral.yaml").getAbsolutePath();
        Result lint = TypeScriptTools.run(
                Map.of(),
                TypeScriptTools.bin("spectral"),
                "lint",
                contract,
                "--ruleset",
                ruleset,
                "--format",
                "json",
                "--quiet",
                "--fail-severity",
                "warn");
        String output = lint.output().trim();
        JsonNode findings = new ObjectMapper().readTree(output.isEmpty() ? "[]" : output);
        assertTrue(findings.isArray(), "Spectral did not answer a list of findings:\n" + lint.output());
        List<String> problems = new ArrayList<>();
        // Spectral's severities: 0 error, 1 warning, 2 information, 3 hint.
        findings.forEach(finding -> {
            if (finding.get("severity").asInt() <= 1) {
                problems.add(finding.get("code").asText() + " at " + finding.get("path") + ": "
                        + finding.get("message").asText());
            }
        });
        assertEquals(List.of(), problems, "Spectral findings (fix them, or turn the rule off in .spectral.yaml)");
        assertEquals(0, lint.exitCode(), lint.output());
    }
}
