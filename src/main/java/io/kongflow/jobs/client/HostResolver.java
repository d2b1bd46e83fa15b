package io.kongflow.jobs.client;

import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** Looks a host up with the system resolver (hosts file, then DNS). Blocking: call it on a worker. */
@ApplicationScoped
public class HostResolver {

    /** Every address of the host; an address literal is answered as is, without a lookup. */
    public List<InetAddress> resolve(String host) throws UnknownHostException {
        return List.of(InetAddress.getAllByName(host));
    }
}
