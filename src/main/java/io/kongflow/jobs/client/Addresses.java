package io.kongflow.jobs.client;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Address forms that name the same IPv4 host. */
final class Addresses {

    private Addresses() {}

    /**
     * An IPv4-mapped ({@code ::ffff:a.b.c.d}) or IPv4-compatible ({@code ::a.b.c.d}) IPv6 address
     * reaches the IPv4 host, so the policy judges it as that host; without a host name, so that
     * nothing downstream resolves it again.
     */
    static InetAddress canonical(InetAddress address) {
        byte[] bytes = address.getAddress();
        try {
            if (bytes.length == 16 && isMappedOrCompatible(bytes)) {
                byte[] v4 = new byte[] {bytes[12], bytes[13], bytes[14], bytes[15]};
                return InetAddress.getByAddress(v4);
            }
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean isMappedOrCompatible(byte[] bytes) {
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        boolean mapped = bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
        boolean compatible = bytes[10] == 0 && bytes[11] == 0 && (bytes[12] | bytes[13]) != 0;
        return mapped || compatible;
    }
}
