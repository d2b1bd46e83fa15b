package io.kongflow.jobs.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kongflow.jobs.contract.ObservedStatusesCheck.Documented;
import io.kongflow.jobs.contract.ObservedStatusesCheck.Observations;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What {@link ObservedStatusesCheck} refuses, on recorded lines made for the purpose. */
class ObservedStatusesRulesTest {

    private final List<Documented> operations = documented();

    @Test
    void anUndocumentedStatusOfADocumentedOperationFails() {
        Observations seen =
                ObservedStatusesCheck.observe(operations, List.of("GET /api/v1/jobs/a 200", "GET /api/v1/jobs/a 418"));
        assertEquals(Set.of("GET /api/v1/jobs/{slug} answered 418 (e.g. /api/v1/jobs/a)"), seen.undocumented());
        assertEquals(Set.of("200", "418"), seen.observed().get("GET /api/v1/jobs/{slug}"));
    }

    @Test
    void aRequestToAnUndocumentedOperationThatWasAnsweredFails() {
        Observations seen = ObservedStatusesCheck.observe(
                operations,
                List.of("POST /api/v1/secret-admin 200", "GET /api/v1/nowhere 500", "PATCH /api/v1/jobs/a 400"));
        assertEquals(
                Set.of(
                        "POST /api/v1/secret-admin answered 200, and the document has no such operation",
                        "GET /api/v1/nowhere answered 500, and the document has no such operation",
                        "PATCH /api/v1/jobs/a answered 400, and the document has no such operation"),
                seen.undocumented());
    }

    @Test
    void requestsNothingServedAndQuarkusOwnRoutesPass() {
        Observations seen = ObservedStatusesCheck.observe(
                operations,
                List.of(
                        "GET /api/v1/nowhere 404",
                        "PATCH /api/v1/jobs/a 405",
                        "POST /api/v1/runs/r/logs 401",
                        "POST /api/v1/anything 413",
                        "GET /q/health/ready 200",
                        "a line that is not a record"));
        assertEquals(Set.of(), seen.undocumented());
        assertEquals(0, seen.observed().size());
    }

    private static List<Documented> documented() {
        try {
            return ObservedStatusesCheck.documented(ObservedStatusesCheck.CONTRACT);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
