package io.kongflow.jobs.client;

import io.kongflow.jobs.persistence.EnvironmentType;
import java.net.InetAddress;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Decides whether the service may connect to an address and port for an environment: a pure
 * function of the settings, so that every outbound call is judged by the same rules.
 */
public final class OutboundPolicy {

    /** Whether an address and port are one of the service's own listeners. */
    @FunctionalInterface
    public interface OwnListeners {
        boolean contains(InetAddress address, int port);
    }

    /** The settings the decision reads. An empty {@code allowedCidrs} or {@code allowedPorts} allows all. */
    public record Rules(
            List<Cidr> allowedCidrs,
            List<Cidr> deniedCidrs,
            Set<Integer> allowedPorts,
            Set<Integer> deniedPorts,
            Set<EnvironmentType> loopbackEnvironments,
            boolean privateNetworksAllowed) {

        /** The defaults: loopback for DEVELOPMENT only, private networks allowed, nothing else configured. */
        public static Rules defaults() {
            return new Rules(List.of(), List.of(), Set.of(), Set.of(), Set.of(EnvironmentType.DEVELOPMENT), true);
        }
    }

    static final List<Cidr> UNSPECIFIED = cidrs("0.0.0.0/8", "::/128");
    static final List<Cidr> BROADCAST = cidrs("255.255.255.255/32");
    static final List<Cidr> LINK_LOCAL = cidrs("169.254.0.0/16", "fe80::/10");
    static final List<Cidr> LOOPBACK = cidrs("127.0.0.0/8", "::1/128");
    static final List<Cidr> PRIVATE =
            cidrs("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "fc00::/7");

    private final Rules rules;
    private final OwnListeners own;
    private final String settings;

    public OutboundPolicy(Rules rules, OwnListeners own) {
        this(rules, own, "kongflow.outbound");
    }

    /** {@code settings}: the prefix of the settings a refusal names (the loopback and private-network ones). */
    public OutboundPolicy(Rules rules, OwnListeners own, String settings) {
        this.rules = rules;
        this.own = own;
        this.settings = settings;
    }

    /** Empty when the call may be made; otherwise the rule that refuses it, worded for the user. */
    public Optional<String> refusal(InetAddress target, int port, EnvironmentType environment) {
        InetAddress address = Addresses.canonical(target);
        if (in(UNSPECIFIED, address)) {
            return Optional.of("the unspecified address is not allowed");
        }
        if (in(BROADCAST, address)) {
            return Optional.of("the broadcast address is not allowed");
        }
        if (in(LINK_LOCAL, address)) {
            return Optional.of("link-local addresses are not allowed");
        }
        if (own.contains(address, port)) {
            return Optional.of("the service's own listeners are not allowed");
        }
        if (rules.deniedPorts().contains(port)) {
            return Optional.of("port " + port + " is denied (kongflow.outbound.denied-ports)");
        }
        if (!rules.allowedPorts().isEmpty() && !rules.allowedPorts().contains(port)) {
            return Optional.of("port " + port + " is not an allowed port (kongflow.outbound.allowed-ports)");
        }
        Optional<Cidr> denied =
                rules.deniedCidrs().stream().filter(c -> c.contains(address)).findFirst();
        if (denied.isPresent()) {
            return Optional.of("addresses in " + denied.get() + " are denied (kongflow.outbound.denied-cidrs)");
        }
        if (in(LOOPBACK, address)) {
            // Loopback is its own rule: the allow-list governs remote networks, not the machine itself.
            return rules.loopbackEnvironments().contains(environment) ? Optional.empty() : Optional.of(loopbackRule());
        }
        if (!rules.privateNetworksAllowed() && in(PRIVATE, address)) {
            return Optional.of("private network addresses are not allowed (" + settings + ".private-networks-allowed)");
        }
        if (!rules.allowedCidrs().isEmpty() && !in(rules.allowedCidrs(), address)) {
            return Optional.of("the address is outside the allowed networks (kongflow.outbound.allowed-cidrs)");
        }
        return Optional.empty();
    }

    private String loopbackRule() {
        if (rules.loopbackEnvironments().isEmpty()) {
            return "kongflow.outbound".equals(settings)
                    ? "loopback is not allowed"
                    : "loopback is not allowed (" + settings + ".loopback-environments)";
        }
        return "loopback is allowed only for "
                + EnumSet.copyOf(rules.loopbackEnvironments()).stream()
                        .map(Enum::name)
                        .collect(Collectors.joining(", "))
                + " environments";
    }

    private static boolean in(List<Cidr> networks, InetAddress address) {
        for (Cidr network : networks) {
            if (network.contains(address)) {
                return true;
            }
        }
        return false;
    }

    private static List<Cidr> cidrs(String... texts) {
        return java.util.Arrays.stream(texts).map(Cidr::parse).toList();
    }
}
