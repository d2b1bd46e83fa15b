package io.kongflow.jobs.client;

import static io.kongflow.jobs.client.CidrTest.ip;
import static io.kongflow.jobs.persistence.EnvironmentType.DEVELOPMENT;
import static io.kongflow.jobs.persistence.EnvironmentType.PRODUCTION;
import static io.kongflow.jobs.persistence.EnvironmentType.STAGING;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kongflow.jobs.persistence.EnvironmentType;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OutboundPolicyTest {

    private static final int OWN_PORT = 8080;
    private static final OutboundPolicy.OwnListeners OWN =
            (address, port) -> port == OWN_PORT && (address.isLoopbackAddress() || address.isAnyLocalAddress());

    private final OutboundPolicy defaults = new OutboundPolicy(OutboundPolicy.Rules.defaults(), OWN);

    @Test
    void linkLocalUnspecifiedAndBroadcastAreRefusedForEveryEnvironment() {
        for (EnvironmentType environment : EnvironmentType.values()) {
            assertRefused(defaults, "169.254.169.254", 80, environment, "link-local addresses are not allowed");
            assertRefused(defaults, "fe80::1", 80, environment, "link-local addresses are not allowed");
            assertRefused(defaults, "0.0.0.0", 3000, environment, "the unspecified address is not allowed");
            assertRefused(defaults, "::", 3000, environment, "the unspecified address is not allowed");
            assertRefused(defaults, "255.255.255.255", 80, environment, "the broadcast address is not allowed");
            assertRefused(defaults, "::ffff:169.254.169.254", 80, environment, "link-local addresses are not allowed");
        }
    }

    @Test
    void loopbackIsForDevelopmentOnlyAndTheServiceItselfForNobody() {
        assertAllowed(defaults, "127.0.0.1", 3000, DEVELOPMENT);
        assertAllowed(defaults, "127.1.2.3", 3000, DEVELOPMENT);
        assertAllowed(defaults, "::1", 3000, DEVELOPMENT);
        String rule = "loopback is allowed only for DEVELOPMENT environments";
        for (EnvironmentType environment : List.of(STAGING, PRODUCTION, EnvironmentType.PREVIEW)) {
            assertRefused(defaults, "127.0.0.1", 3000, environment, rule);
            assertRefused(defaults, "::1", 3000, environment, rule);
            assertRefused(defaults, "::ffff:127.0.0.1", 3000, environment, rule);
        }
        for (EnvironmentType environment : EnvironmentType.values()) {
            assertRefused(defaults, "127.0.0.1", OWN_PORT, environment, "the service's own listeners are not allowed");
            assertRefused(defaults, "::1", OWN_PORT, environment, "the service's own listeners are not allowed");
        }
    }

    @Test
    void privateAndPublicNetworksAreAllowedByDefault() {
        for (EnvironmentType environment : EnvironmentType.values()) {
            for (String address :
                    List.of("10.0.0.5", "172.16.0.1", "192.168.1.10", "100.64.0.1", "fd00::1", "203.0.113.7")) {
                assertAllowed(defaults, address, 443, environment);
            }
        }
    }

    @Test
    void aCustomPolicyDeniesPrivateNetworksPortsAndNetworksAndCanRestrictToAnAllowList() {
        OutboundPolicy custom = new OutboundPolicy(
                new OutboundPolicy.Rules(
                        List.of(Cidr.parse("203.0.113.0/24"), Cidr.parse("10.20.0.0/16")),
                        List.of(Cidr.parse("10.20.30.0/24")),
                        Set.of(),
                        Set.of(5432),
                        Set.of(DEVELOPMENT, STAGING),
                        false),
                OWN);
        assertRefused(
                custom,
                "10.20.1.1",
                443,
                PRODUCTION,
                "private network addresses are not allowed (kongflow.outbound.private-networks-allowed)");
        assertRefused(
                custom,
                "10.20.30.4",
                443,
                PRODUCTION,
                "addresses in 10.20.30.0/24 are denied (kongflow.outbound.denied-cidrs)");
        assertRefused(custom, "203.0.113.7", 5432, PRODUCTION, "port 5432 is denied (kongflow.outbound.denied-ports)");
        assertAllowed(custom, "203.0.113.7", 443, PRODUCTION);
        assertRefused(
                custom,
                "198.51.100.1",
                443,
                PRODUCTION,
                "the address is outside the allowed networks (kongflow.outbound.allowed-cidrs)");
        assertAllowed(custom, "127.0.0.1", 3000, STAGING);
        assertRefused(
                custom,
                "127.0.0.1",
                3000,
                PRODUCTION,
                "loopback is allowed only for DEVELOPMENT, STAGING environments");
        assertRefused(custom, "169.254.169.254", 80, DEVELOPMENT, "link-local addresses are not allowed");
    }

    @Test
    void allowedPortsRestrictEveryAddress() {
        OutboundPolicy ports = new OutboundPolicy(
                new OutboundPolicy.Rules(List.of(), List.of(), Set.of(443, 3000), Set.of(), Set.of(DEVELOPMENT), true),
                OWN);
        assertAllowed(ports, "127.0.0.1", 3000, DEVELOPMENT);
        assertRefused(
                ports,
                "127.0.0.1",
                5432,
                DEVELOPMENT,
                "port 5432 is not an allowed port (kongflow.outbound.allowed-ports)");
    }

    private static void assertRefused(
            OutboundPolicy policy, String address, int port, EnvironmentType environment, String rule) {
        assertEquals(
                Optional.of(rule),
                policy.refusal(ip(address), port, environment),
                address + ":" + port + " for " + environment);
    }

    private static void assertAllowed(OutboundPolicy policy, String address, int port, EnvironmentType environment) {
        assertEquals(Optional.empty(), policy.refusal(ip(address), port, environment), address + " for " + environment);
    }
}
