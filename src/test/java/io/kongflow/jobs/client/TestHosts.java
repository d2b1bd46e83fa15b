package io.kongflow.jobs.client;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Host names under {@code .kongflow.test} with fixed answers, so that the policy tests need no DNS
 * server: every name answers loopback, link-local or private addresses only, never a public one.
 * Enabled by the policy tests' profiles; other names go to the system resolver.
 */
@Alternative
@ApplicationScoped
public class TestHosts extends HostResolver {

    /** Answers 127.0.0.1 the first time it is looked up, then 169.254.169.254: a rebinding name. */
    public static final String REBINDING = "rebind.kongflow.test";

    private static final Map<String, List<String>> FIXED = Map.of(
            "loopback.kongflow.test", List.of("127.0.0.1"),
            "mixed.kongflow.test", List.of("127.0.0.1", "169.254.169.254"),
            "private.kongflow.test", List.of("10.1.2.3"));

    private static final Map<String, AtomicInteger> LOOKUPS = new ConcurrentHashMap<>();

    public static int lookups(String host) {
        return LOOKUPS.getOrDefault(host, new AtomicInteger()).get();
    }

    public static void forget() {
        LOOKUPS.clear();
    }

    @Override
    public List<InetAddress> resolve(String host) throws UnknownHostException {
        if (!host.endsWith(".kongflow.test")) {
            return super.resolve(host);
        }
        int lookup = LOOKUPS.computeIfAbsent(host, h -> new AtomicInteger()).incrementAndGet();
        List<String> answer =
                host.equals(REBINDING) ? List.of(lookup == 1 ? "127.0.0.1" : "169.254.169.254") : FIXED.get(host);
        if (answer == null) {
            throw new UnknownHostException(host);
        }
        List<InetAddress> addresses = new java.util.ArrayList<>();
        for (String literal : answer) {
            addresses.add(InetAddress.getByName(literal));
        }
        return addresses;
    }
}
