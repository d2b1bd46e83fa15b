package io.kongflow.jobs.client;

import io.kongflow.jobs.support.Tenants;
import io.kongflow.jobs.support.Tenants.Tenant;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The outbound policy with every setting changed: loopback for DEVELOPMENT and PRODUCTION, private
 * networks denied, a denied network and port, and an allow-list of loopback only, so that nothing
 * outside this machine could be called even if another rule failed.
 */
@QuarkusTest
@TestProfile(OutboundPolicyCustomTest.Custom.class)
class OutboundPolicyCustomTest {

    static final int DENIED_PORT = 5432;

    public static class Custom implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "kongflow.outbound.loopback-environments", "DEVELOPMENT,PRODUCTION",
                    "kongflow.outbound.private-networks-allowed", "false",
                    "kongflow.outbound.denied-cidrs", "127.0.0.2/32",
                    "kongflow.outbound.denied-ports", String.valueOf(DENIED_PORT),
                    "kongflow.outbound.allowed-cidrs", "127.0.0.0/8,::1/128");
        }

        @Override
        public Set<Class<?>> getEnabledAlternatives() {
            return Set.of(TestHosts.class);
        }
    }

    private static final String PRIVATE =
            "private network addresses are not allowed (kongflow.outbound.private-networks-allowed)";

    private static final LoopbackServer V4 = LoopbackServer.on("127.0.0.1");
    private static final LoopbackServer V6 = LoopbackServer.on("::1");

    @AfterAll
    static void stopServers() {
        V4.close();
        V6.close();
    }

    @Test
    void theUrlMatrixWithACustomPolicy() {
        Tenant development = Tenants.create();
        Tenant production = development.sibling("prod", "PRODUCTION");
        Tenant staging = development.sibling("stg", "STAGING");
        int self = OutboundCalls.ownPort();
        OutboundCalls calls = new OutboundCalls();
        String[][] matrix = {
            // url, rule for every environment (null: allowed) where not the same for all
            {"http://127.0.0.1:" + V4.port() + "/ok", null},
            {"http://[::1]:" + V6.port() + "/ok", null},
            {"http://localhost:" + V4.port() + "/ok", null},
            {"http://loopback.kongflow.test:" + V4.port() + "/ok", null},
            {"http://10.1.2.3/", PRIVATE},
            {"http://172.16.5.4:8080/", PRIVATE},
            {"http://192.168.0.10/", PRIVATE},
            {"http://100.64.1.1/", PRIVATE},
            {"http://[fd00::1]/", PRIVATE},
            {"http://private.kongflow.test/", PRIVATE},
            {"http://192.0.2.10/", "the address is outside the allowed networks (kongflow.outbound.allowed-cidrs)"},
            {
                "http://127.0.0.2:" + V4.port() + "/ok",
                "addresses in 127.0.0.2/32 are denied (kongflow.outbound.denied-cidrs)"
            },
            {
                "http://127.0.0.1:" + DENIED_PORT + "/",
                "port " + DENIED_PORT + " is denied (kongflow.outbound.denied-ports)"
            },
            {"http://169.254.169.254/latest/meta-data/", "link-local addresses are not allowed"},
            {"http://127.0.0.1:" + self + "/q/health", "the service's own listeners are not allowed"},
            {OutboundCalls.redirect(V4, "http://10.1.2.3/"), PRIVATE},
        };
        for (String[] row : matrix) {
            calls.register(development, "DEVELOPMENT", row[0], row[1]);
            calls.register(production, "PRODUCTION", row[0], row[1]);
        }
        calls.register(
                staging,
                "STAGING",
                "http://127.0.0.1:" + V4.port() + "/ok",
                "loopback is allowed only for DEVELOPMENT, PRODUCTION environments");
        calls.assertNone();
    }
}
