package io.kongflow.jobs.client;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kongflow.jobs.support.Api;
import io.kongflow.jobs.support.Tenants;
import io.kongflow.jobs.support.Tenants.Tenant;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The outbound policy with its real defaults, URL by URL, for a DEVELOPMENT and a PRODUCTION
 * environment. Every server these tests run listens on loopback; refused addresses are never
 * connected to, which the rule named in each answer shows (the check precedes the connection).
 * Private networks are allowed by default, so no test sends anything there: {@link
 * OutboundPolicyTest} checks that decision without a network.
 */
@QuarkusTest
@TestProfile(OutboundPolicyDefaultsTest.RealDefaults.class)
class OutboundPolicyDefaultsTest {

    /** The defaults as shipped: the test configuration allows loopback to every environment type. */
    public static class RealDefaults implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kongflow.outbound.loopback-environments", "DEVELOPMENT");
        }

        @Override
        public Set<Class<?>> getEnabledAlternatives() {
            return Set.of(TestHosts.class);
        }
    }

    private static final String LOOPBACK_RULE = "loopback is allowed only for DEVELOPMENT environments";
    private static final String LINK_LOCAL = "link-local addresses are not allowed";
    private static final String OWN = "the service's own listeners are not allowed";

    private static final LoopbackServer V4 = LoopbackServer.on("127.0.0.1");
    private static final LoopbackServer V6 = LoopbackServer.on("::1");

    private Tenant development;
    private Tenant production;

    @BeforeEach
    void tenants() {
        development = Tenants.create();
        production = development.sibling("prod", "PRODUCTION");
        TestHosts.forget();
    }

    @AfterAll
    static void stopServers() {
        V4.close();
        V6.close();
    }

    @Test
    void theUrlMatrixWithTheDefaults() {
        int self = OutboundCalls.ownPort();
        OutboundCalls calls = new OutboundCalls();
        String[][] matrix = {
            // url, rule for DEVELOPMENT (null: allowed), rule for PRODUCTION
            {"http://127.0.0.1:" + V4.port() + "/ok", null, LOOPBACK_RULE},
            {"http://[::1]:" + V6.port() + "/ok", null, LOOPBACK_RULE},
            {"http://localhost:" + V4.port() + "/ok", null, LOOPBACK_RULE},
            {"http://loopback.kongflow.test:" + V4.port() + "/ok", null, LOOPBACK_RULE},
            {"http://127.0.0.1:" + self + "/api/v1/endpoints", OWN, OWN},
            {"http://localhost:" + self + "/q/health", OWN, OWN},
            {"http://[::1]:" + self + "/q/health", OWN, OWN},
            {"http://169.254.169.254/latest/meta-data/", LINK_LOCAL, LINK_LOCAL},
            {"http://[fe80::1]:" + V6.port() + "/ok", LINK_LOCAL, LINK_LOCAL},
            {
                "http://0.0.0.0:" + V4.port() + "/ok",
                "the unspecified address is not allowed",
                "the unspecified address is not allowed"
            },
            {"http://255.255.255.255/", "the broadcast address is not allowed", "the broadcast address is not allowed"},
            // Every address a name resolves to is checked, not only the first.
            {"http://mixed.kongflow.test:" + V4.port() + "/ok", LINK_LOCAL, LOOPBACK_RULE},
            // Every hop of a redirect is checked: allowed first hop, refused second.
            {OutboundCalls.redirect(V4, "http://169.254.169.254/latest/meta-data/"), LINK_LOCAL, LOOPBACK_RULE},
            {OutboundCalls.redirect(V4, "http://127.0.0.1:" + self + "/q/health"), OWN, LOOPBACK_RULE},
            {OutboundCalls.redirect(V4, "ftp://127.0.0.1/"), "only http and https urls are allowed", LOOPBACK_RULE},
        };
        for (String[] row : matrix) {
            calls.register(development, "DEVELOPMENT", row[0], row[1]);
            calls.register(production, "PRODUCTION", row[0], row[2]);
        }
        calls.assertNone();
        assertTrue(
                V4.received().stream()
                        .noneMatch(r -> r.path().startsWith("/q") || r.path().startsWith("/api")),
                "nothing reached the service through a test server");
    }

    @Test
    void aRefusedUrlIsNeverContactedNorSavedNorIndexed() {
        int before = V4.received().size();
        Api.as(production)
                .body(Map.of("id", "app", "url", "http://127.0.0.1:" + V4.port() + "/ok"))
                .post("/api/v1/endpoints")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString(LOOPBACK_RULE));
        assertEquals(before, V4.received().size(), "the refused url was contacted");
        Api.as(production).get("/api/v1/endpoints").then().body("size()", equalTo(0));
    }

    @Test
    void aNameIsResolvedOnceAndTheCheckedAddressIsTheOneConnectedTo() {
        String url = "http://" + TestHosts.REBINDING + ":" + V4.port() + "/ok";
        Api.endpoint(development, "app", url);
        assertEquals(1, TestHosts.lookups(TestHosts.REBINDING), "one lookup for the PING");
        assertTrue(
                V4.received().stream().anyMatch(r -> r.host().equals(TestHosts.REBINDING + ":" + V4.port())),
                "the original Host header was sent to the checked address");

        // The name now answers the metadata address: the next call resolves again, and is refused.
        Api.as(development)
                .body("{}")
                .post("/api/v1/endpoints/app/index")
                .then()
                .statusCode(200)
                .body("status", equalTo("FAILURE"))
                .body("error.message", equalTo(OutboundCalls.REFUSED + url + ": " + LINK_LOCAL));
        assertEquals(2, TestHosts.lookups(TestHosts.REBINDING));
    }

    @Test
    void failedCallsKeepTheStatusButNotTheBodyAndBoundTheEndpointsMessage() {
        Api.as(development)
                .body(Map.of("id", "app", "url", "http://127.0.0.1:" + V4.port() + "/status/500"))
                .post("/api/v1/endpoints")
                .then()
                .statusCode(400)
                .body("detail", containsString("Status code: 500"))
                .body("detail", not(containsString(LoopbackServer.SECRET_BODY)));
        Api.as(development)
                .body(Map.of("id", "app", "url", "http://127.0.0.1:" + V4.port() + "/long-error"))
                .post("/api/v1/endpoints")
                .then()
                .statusCode(400)
                .body("detail.length()", lessThanOrEqualTo(EndpointClient.MAX_MESSAGE_CHARS + 1));
    }
}
