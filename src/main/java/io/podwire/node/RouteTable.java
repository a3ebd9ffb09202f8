package io.podwire.node;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The node's main routing table: the routes read, and the lines that could not be read (only from the text form,
 * where `ip -j route` printed invalid JSON). A lookup is decided only if no unread line could be the answer.
 */
public record RouteTable(List<Route> routes, List<String> unread) {

    public static RouteTable of(List<Route> routes) {
        return new RouteTable(routes, List.of());
    }

    /** Host routes by destination address (a /32's or /128's address without the length). */
    public Map<String, Route> byDestination() {
        return routes.stream().filter(r -> !r.dst().equals("default"))
                .collect(Collectors.toMap(r -> key(r.dst().replaceAll("/(32|128)$", "")), r -> r, (a, b) -> a));
    }

    /** An address as a lookup key: IPv6 in one spelling (fd00::a and fd00:0::a are one address). */
    public static String key(String ip) {
        if (!ip.contains(":")) {
            return ip;
        }
        try {
            return java.net.InetAddress.getByName(ip).getHostAddress();  // a literal: no name lookup
        } catch (java.net.UnknownHostException e) {
            return ip;
        }
    }

    /**
     * The most specific route other than the default whose network holds {@code ip}: what carries traffic to it when
     * it has no host route of its own (a subnet route, a blackhole).
     */
    public java.util.Optional<Route> coveringRoute(String ip) {
        String family = ip.contains(":") ? Route.INET6 : Route.INET;
        java.util.Optional<Cidr> host = Cidr.ofRouteDst(ip, family);
        return host.flatMap(h -> routes.stream().filter(r -> !r.dst().equals("default"))
                .filter(r -> Cidr.ofRouteDst(r.dst(), family).map(c -> c.contains(h)).orElse(false))
                .max(java.util.Comparator.comparingInt(r -> Cidr.ofRouteDst(r.dst(), family).get().prefixLen())));
    }

    /** An unread line that starts with this address (or its /32, /128) might be the route to it. */
    public List<String> unreadLinesFor(String ip) {
        return unread.stream().filter(l -> l.startsWith(ip + " ") || l.startsWith(ip + "/32 ")
                || l.startsWith(ip + "/128 ")).toList();
    }
}
