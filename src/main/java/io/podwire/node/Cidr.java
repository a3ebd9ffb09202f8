package io.podwire.node;

import java.util.Arrays;
import java.util.Optional;

/**
 * A network as the program that applies a configured value reads it: Go's {@code net.ParseCIDR} (which a CNI plugin
 * written in Go calls on each ipam.routes dst) returns the network with the host bits
 * cleared, so {@code 10.96.0.1/12} is {@code 10.96.0.0/12}; and as {@code ip -j route} prints a route's dst
 * (iproute2 ip/iproute.c print_route: {@code default} for a /0, the bare address for a host route, inet_ntop's
 * spelling of IPv6, RFC 5952). Comparing two spellings of one network compares {@link #ipJson()}.
 *
 * @param bytes     the network address, host bits cleared (4 or 16 bytes)
 * @param prefixLen the prefix length
 */
public record Cidr(byte[] bytes, int prefixLen) {

    public boolean isIpv6() {
        return bytes.length == 16;
    }

    /** Go net.ParseCIDR: an address literal, a slash and a decimal length within the family; empty when it is none. */
    public static Optional<Cidr> parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0 || !text.substring(slash + 1).matches("\\d{1,3}")) {
            return Optional.empty();
        }
        int len = Integer.parseInt(text.substring(slash + 1));
        return address(text.substring(0, slash)).filter(a -> len <= a.length * 8).map(a -> new Cidr(mask(a, len), len));
    }

    /**
     * A route's dst as `ip -j route` printed it in a table of that family (inet, inet6): {@code default}, a bare
     * host address, or an address with its length; empty when it is none of those.
     */
    public static Optional<Cidr> ofRouteDst(String dst, String family) {
        if (dst.equals("default")) {
            return Optional.of(new Cidr(new byte[Route.INET6.equals(family) ? 16 : 4], 0));
        }
        if (dst.contains("/")) {
            return parse(dst);
        }
        return address(dst).map(a -> new Cidr(a, a.length * 8));
    }

    /** Does this network hold the address {@code other} (a host Cidr) of the same family? */
    public boolean contains(Cidr other) {
        if (other.bytes.length != bytes.length || other.prefixLen < prefixLen) {
            return false;
        }
        return Arrays.equals(mask(other.bytes, prefixLen), bytes);
    }

    /** How `ip -j route` prints this network as a route's dst. */
    public String ipJson() {
        if (prefixLen == 0) {
            return "default";
        }
        String addr = isIpv6() ? ipv6Text(bytes) : ipv4Text(bytes);
        return prefixLen == bytes.length * 8 ? addr : addr + "/" + prefixLen;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr c && c.prefixLen == prefixLen && Arrays.equals(c.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(bytes) + prefixLen;
    }

    @Override
    public String toString() {
        return ipJson();
    }

    /** A literal address of either family, never a name lookup (Go net.ParseIP: dotted IPv4 without leading zeros). */
    private static Optional<byte[]> address(String text) {
        if (text.matches("(0|[1-9]\\d{0,2})(\\.(0|[1-9]\\d{0,2})){3}")) {
            byte[] b = new byte[4];
            String[] parts = text.split("\\.");
            for (int i = 0; i < 4; i++) {
                int v = Integer.parseInt(parts[i]);
                if (v > 255) {
                    return Optional.empty();
                }
                b[i] = (byte) v;
            }
            return Optional.of(b);
        }
        if (!text.contains(":") || !text.matches("[0-9A-Fa-f:.]+")) {
            return Optional.empty();
        }
        try {
            byte[] b = java.net.InetAddress.getByName(text).getAddress();  // a literal: no lookup
            // an IPv4-mapped literal is returned as 4 bytes: keep it IPv6, as Go's 16-byte form is
            return Optional.of(b.length == 16 ? b : mapped(b));
        } catch (java.net.UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static byte[] mapped(byte[] v4) {
        byte[] b = new byte[16];
        b[10] = (byte) 0xff;
        b[11] = (byte) 0xff;
        System.arraycopy(v4, 0, b, 12, 4);
        return b;
    }

    private static byte[] mask(byte[] a, int len) {
        byte[] m = a.clone();
        for (int i = 0; i < m.length; i++) {
            int keep = Math.max(0, Math.min(8, len - i * 8));
            m[i] = (byte) (m[i] & (0xff << (8 - keep)));
        }
        return m;
    }

    private static String ipv4Text(byte[] b) {
        return (b[0] & 0xff) + "." + (b[1] & 0xff) + "." + (b[2] & 0xff) + "." + (b[3] & 0xff);
    }

    /** RFC 5952, as glibc's inet_ntop writes it: lower-case hex, the first longest run of two or more zero groups as `::`. */
    private static String ipv6Text(byte[] b) {
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = (b[2 * i] & 0xff) << 8 | (b[2 * i + 1] & 0xff);
        }
        int best = -1;
        int bestLen = 0;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                best = i;
                bestLen = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        if (bestLen < 2) {
            best = -1;
        }
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == best) {
                s.append("::");
                i += bestLen - 1;
                continue;
            }
            if (!s.isEmpty() && s.charAt(s.length() - 1) != ':') {
                s.append(':');
            }
            s.append(Integer.toHexString(g[i]));
        }
        return s.toString();
    }
}
