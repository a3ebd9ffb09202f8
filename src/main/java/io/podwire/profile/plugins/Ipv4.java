package io.podwire.profile.plugins;

/** The few IPv4 computations the profiles' expectations need (a subnet's network address, the next address). */
final class Ipv4 {
    private Ipv4() {
    }

    static long value(String ip) {
        String[] o = ip.split("\\.");
        if (o.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: " + ip);
        }
        long v = 0;
        for (String s : o) {
            int b = Integer.parseInt(s);
            if (b < 0 || b > 255) {
                throw new IllegalArgumentException("not an IPv4 address: " + ip);
            }
            v = v << 8 | b;
        }
        return v;
    }

    static String text(long v) {
        return (v >> 24 & 255) + "." + (v >> 16 & 255) + "." + (v >> 8 & 255) + "." + (v & 255);
    }

    /** "10.42.0.0/24" of "10.42.0.7/24": host bits cleared, as net.ParseCIDR reads a CIDR. */
    static String network(String cidr) {
        int slash = cidr.indexOf('/');
        int len = Integer.parseInt(cidr.substring(slash + 1));
        long mask = len == 0 ? 0 : 0xffffffffL << (32 - len) & 0xffffffffL;
        return text(value(cidr.substring(0, slash)) & mask) + "/" + len;
    }

    /** The address after a network's address: "10.42.0.1" of "10.42.0.0/24". */
    static String nextAddress(String cidr) {
        return text(value(cidr.substring(0, cidr.indexOf('/'))) + 1);
    }
}
