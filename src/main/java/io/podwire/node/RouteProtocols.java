package io.podwire.node;

import java.util.Map;
import java.util.OptionalInt;

/**
 * Route protocol numbers as `ip -j route` names them: no "protocol" key for boot (3), a name from iproute2's
 * rt_protos (the table iproute2 6.1 installs as /etc/iproute2/rt_protos), or the bare number for one it can't name.
 */
public final class RouteProtocols {
    private static final Map<String, Integer> BY_NAME = Map.ofEntries(Map.entry("unspec", 0), Map.entry("redirect", 1),
            Map.entry("kernel", 2), Map.entry("boot", 3), Map.entry("static", 4), Map.entry("gated", 8),
            Map.entry("ra", 9), Map.entry("mrt", 10), Map.entry("zebra", 11), Map.entry("bird", 12),
            Map.entry("dnrouted", 13), Map.entry("xorp", 14), Map.entry("ntk", 15), Map.entry("dhcp", 16),
            Map.entry("keepalived", 18), Map.entry("babel", 42), Map.entry("openr", 99), Map.entry("bgp", 186),
            Map.entry("isis", 187), Map.entry("ospf", 188), Map.entry("rip", 189), Map.entry("eigrp", 192));

    private RouteProtocols() {
    }

    /** The route's protocol number, or empty for a name a node's own rt_protos gave that this table lacks. */
    public static OptionalInt number(Route r) {
        String p = r.protocol() == null ? Route.BOOT : r.protocol();
        Integer n = BY_NAME.get(p);
        if (n != null) {
            return OptionalInt.of(n);
        }
        try {
            return OptionalInt.of(Integer.parseInt(p));
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }
}
