package io.kongflow.jobs.client;

import io.kongflow.jobs.config.KongflowConfig;
import io.kongflow.jobs.persistence.EnvironmentType;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Set;

/**
 * Resolves the host of an outbound url once and checks every address it resolves to against the
 * {@link OutboundPolicy}. The caller connects to the address answered, never to the name again,
 * so a DNS answer that changes between the check and the connection (rebinding) cannot matter.
 */
@ApplicationScoped
public class OutboundGuard {

    /** Where to connect for a url: the checked address and the port. */
    public record Target(InetAddress address, int port) {}

    private final Vertx vertx;
    private final HostResolver resolver;
    private final OutboundPolicy policy;
    private final OutboundPolicy fetchPolicy;

    public OutboundGuard(Vertx vertx, HostResolver resolver, LocalListeners listeners, KongflowConfig config) {
        this.vertx = vertx;
        this.resolver = resolver;
        this.policy = new OutboundPolicy(rules(config.outbound()), listeners);
        this.fetchPolicy = new OutboundPolicy(fetchRules(config), listeners, "kongflow.fetches");
    }

    /**
     * The address to connect to for the url, or an {@link OutboundRefused} failure; the lookup runs
     * on a worker thread, never on the event loop.
     */
    public Uni<Target> admit(String url, EnvironmentType environment) {
        return vertx.executeBlocking(Uni.createFrom().item(() -> check(policy, url, environment)), false);
    }

    /**
     * As {@link #admit}, for a background fetch: the outbound rules, but loopback and private
     * networks only as the {@code kongflow.fetches.*} settings allow (a run's code chose the url).
     */
    public Uni<Target> admitFetch(String url, EnvironmentType environment) {
        return vertx.executeBlocking(Uni.createFrom().item(() -> check(fetchPolicy, url, environment)), false);
    }

    private Target check(OutboundPolicy policy, String url, EnvironmentType environment) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new EndpointCallFailed("Invalid endpoint url " + url);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new OutboundRefused(url, "only http and https urls are allowed");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new EndpointCallFailed("Invalid endpoint url " + url + ": it has no host");
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        List<InetAddress> addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            throw new EndpointCallFailed("Could not connect to endpoint " + url + ": unknown host " + host);
        }
        if (addresses.isEmpty()) {
            throw new EndpointCallFailed("Could not connect to endpoint " + url + ": unknown host " + host);
        }
        // Every address is checked, not only the one used: a name must not mix allowed and refused ones.
        for (InetAddress address : addresses) {
            policy.refusal(address, port, environment).ifPresent(rule -> {
                throw new OutboundRefused(url, rule);
            });
        }
        return new Target(Addresses.canonical(addresses.get(0)), port);
    }

    private static OutboundPolicy.Rules fetchRules(KongflowConfig config) {
        OutboundPolicy.Rules outbound = rules(config.outbound());
        return new OutboundPolicy.Rules(
                outbound.allowedCidrs(),
                outbound.deniedCidrs(),
                outbound.allowedPorts(),
                outbound.deniedPorts(),
                config.fetches().loopbackEnvironments().orElse(Set.of()),
                config.fetches().privateNetworksAllowed());
    }

    private static OutboundPolicy.Rules rules(KongflowConfig.Outbound config) {
        return new OutboundPolicy.Rules(
                config.allowedCidrs().orElse(List.of()).stream()
                        .map(Cidr::parse)
                        .toList(),
                config.deniedCidrs().orElse(List.of()).stream().map(Cidr::parse).toList(),
                config.allowedPorts().orElse(Set.of()),
                config.deniedPorts().orElse(Set.of()),
                config.loopbackEnvironments(),
                config.privateNetworksAllowed());
    }
}
