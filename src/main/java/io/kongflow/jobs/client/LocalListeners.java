package io.kongflow.jobs.client;

import io.quarkus.vertx.http.HttpServerStart;
import io.quarkus.vertx.http.HttpsServerStart;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.HashSet;
import java.util.Set;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The service's own HTTP listeners: its ports on any address of this machine. Calling them would
 * let a tenant reach the service from inside (and past anything in front of it).
 */
@ApplicationScoped
public class LocalListeners implements OutboundPolicy.OwnListeners {

    private volatile boolean https;
    private volatile Set<Integer> ports;

    void httpStarted(@ObservesAsync HttpServerStart started) {
        ports = Set.copyOf(listenerPorts());
    }

    void httpsStarted(@ObservesAsync HttpsServerStart started) {
        https = true;
        ports = Set.copyOf(listenerPorts());
    }

    /** Looks up the machine's interfaces: call it on a worker. */
    @Override
    public boolean contains(InetAddress address, int port) {
        return ports().contains(port) && isLocal(address);
    }

    // The ports actually bound (a configured 0 becomes the random port) are published as
    // configuration only once a server has started: read then, and at each call before.
    private Set<Integer> ports() {
        Set<Integer> known = ports;
        return known != null ? known : listenerPorts();
    }

    private Set<Integer> listenerPorts() {
        Config config = ConfigProvider.getConfig();
        Set<Integer> ports = new HashSet<>();
        config.getOptionalValue("quarkus.http.port", Integer.class).ifPresent(ports::add);
        if (https) {
            config.getOptionalValue("quarkus.http.ssl-port", Integer.class).ifPresent(ports::add);
        }
        if (config.getOptionalValue("quarkus.management.enabled", Boolean.class).orElse(false)) {
            config.getOptionalValue("quarkus.management.port", Integer.class).ifPresent(ports::add);
        }
        return ports;
    }

    private static boolean isLocal(InetAddress address) {
        if (address.isLoopbackAddress() || address.isAnyLocalAddress()) {
            return true;
        }
        try {
            return NetworkInterface.getByInetAddress(address) != null;
        } catch (SocketException e) {
            return true;
        }
    }
}
