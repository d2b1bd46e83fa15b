package io.kongflow.jobs.client;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kongflow.jobs.support.Api;
import io.kongflow.jobs.support.Tenants.Tenant;
import io.restassured.path.json.JsonPath;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Registers endpoint urls as a tenant and checks each answer against the policy rule expected,
 * collecting every mismatch so that one run reports the whole matrix.
 */
final class OutboundCalls {

    static final String REFUSED = "The outbound policy refused ";

    private final List<String> mismatches = new ArrayList<>();

    /** The port this service listens on in the test. */
    static int ownPort() {
        return ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
    }

    static String redirect(LoopbackServer server, String to) {
        return "http://127.0.0.1:" + server.port() + "/redirect?to=" + URLEncoder.encode(to, StandardCharsets.UTF_8);
    }

    /**
     * Registers the url; a null rule expects it registered (PINGed, saved), any other a 400 naming
     * that rule with nothing saved.
     */
    void register(Tenant tenant, String environment, String url, String rule) {
        String slug = "ep-" + UUID.randomUUID().toString().substring(0, 8);
        var response = Api.as(tenant)
                .body(Map.of("id", slug, "url", url))
                .post("/api/v1/endpoints")
                .then()
                .extract();
        String where = environment + " " + url + ": ";
        if (rule == null) {
            if (response.statusCode() != 200) {
                mismatches.add(where + "expected registered, got " + response.statusCode() + " " + response.asString());
            }
            return;
        }
        JsonPath body = response.jsonPath();
        String detail = body.getString("detail");
        if (response.statusCode() != 400
                || !response.contentType().startsWith("application/problem+json")
                || detail == null
                || !detail.startsWith(REFUSED)
                || !detail.endsWith(": " + rule)) {
            mismatches.add(where + "expected refused by '" + rule + "', got " + response.statusCode() + " "
                    + response.asString());
        }
        int saved = Api.as(tenant)
                .get("/api/v1/endpoints/{slug}", slug)
                .then()
                .extract()
                .statusCode();
        if (saved != 404) {
            mismatches.add(where + "a refused endpoint was saved");
        }
    }

    void assertNone() {
        assertTrue(mismatches.isEmpty(), mismatches.size() + " mismatches:\n" + String.join("\n", mismatches));
    }
}
