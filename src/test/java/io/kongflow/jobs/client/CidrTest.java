package io.kongflow.jobs.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

class CidrTest {

    @Test
    void matchesAddressesInsideItsPrefixOnly() {
        Cidr net = Cidr.parse("172.16.0.0/12");
        assertTrue(net.contains(ip("172.16.0.1")));
        assertTrue(net.contains(ip("172.31.255.255")));
        assertFalse(net.contains(ip("172.32.0.0")));
        assertFalse(net.contains(ip("172.15.255.255")));
    }

    @Test
    void aBareAddressIsOneHostAndSlashZeroIsEverything() {
        assertTrue(Cidr.parse("10.1.2.3").contains(ip("10.1.2.3")));
        assertFalse(Cidr.parse("10.1.2.3").contains(ip("10.1.2.4")));
        assertTrue(Cidr.parse("0.0.0.0/0").contains(ip("203.0.113.9")));
        assertTrue(Cidr.parse("::/0").contains(ip("2001:db8::1")));
    }

    @Test
    void ipv6PrefixesThatAreNotByteAligned() {
        Cidr linkLocal = Cidr.parse("fe80::/10");
        assertTrue(linkLocal.contains(ip("fe80::1")));
        assertTrue(linkLocal.contains(ip("febf::1")));
        assertFalse(linkLocal.contains(ip("fec0::1")));
        assertTrue(Cidr.parse("fc00::/7").contains(ip("fd12:3456::1")));
    }

    @Test
    void ipv4MappedIpv6AddressesAreJudgedAsTheirIpv4Host() {
        assertTrue(Cidr.parse("127.0.0.0/8").contains(ip("::ffff:127.0.0.1")));
        assertTrue(Cidr.parse("169.254.0.0/16").contains(ip("::169.254.169.254")));
        assertFalse(Cidr.parse("127.0.0.0/8").contains(ip("::1")));
        assertFalse(Cidr.parse("::/0").contains(ip("10.0.0.1")), "families never match each other");
    }

    @Test
    void refusesHostNamesAndBadPrefixesWithoutLookingAnythingUp() {
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("metadata.google.internal/32"));
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("10.0.0.0/33"));
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("10.0.0.0/x"));
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse(""));
        assertEquals("10.0.0.0/8", Cidr.parse(" 10.0.0.0/8 ").toString());
    }

    static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
