package io.podwire.node;

import java.util.List;

/**
 * One route as `ip -j route` reports it (dst "default" or an address with optional /len), of its family (inet,
 * inet6) and routing table. iproute2 leaves out the "protocol" key for proto boot, the "type" key for unicast and
 * the "table" key for main unless asked for details (-d, ip/iproute.c print_route): those are the defaults here.
 * {@code flags} are its next hop's flags as iproute2 prints them (`dead`, `onlink`, `linkdown`…: print_rt_flags).
 */
public record Route(String family, String table, String dst, String gateway, String dev, String scope, String protocol,
                    String type, List<String> flags, String json) {
    public static final String BOOT = "boot";
    public static final String UNICAST = "unicast";

    /** The route as `ip route` shows it, unicast and proto boot left implicit: `10.0.0.5 dev vethX scope link`. */
    public String line() {
        return (UNICAST.equals(type()) ? "" : type() + " ") + dst() + (gateway() == null ? "" : " via " + gateway())
                + (dev() == null ? "" : " dev " + dev()) + (scope() == null ? "" : " scope " + scope())
                + (BOOT.equals(protocol()) ? "" : " proto " + protocol());
    }
    public static final String MAIN = "main";
    public static final String INET = "inet";
    public static final String INET6 = "inet6";

    /** Table main, by name or by number (254: an iproute2 without its built-in table names prints the number). */
    public boolean isMain() {
        return MAIN.equals(table) || "254".equals(table);
    }

    /** Is this the route for exactly this host address (`10.42.0.7` or `10.42.0.7/32`)? */
    public boolean isHostRouteTo(String ip) {
        return dst.equals(ip) || dst.equals(ip + (ip.contains(":") ? "/128" : "/32"));
    }

    /**
     * The next-hop flags that make a route carry nothing: `dead` (RTNH_F_DEAD, its device down) and `linkdown`
     * (RTNH_F_LINKDOWN, its device without carrier: net/ipv4/fib_semantics.c fib_sync_down_dev), in the order shown.
     */
    public List<String> deadFlags() {
        return flags.stream().filter(f -> f.equals("dead") || f.equals("linkdown")).toList();
    }

    public String scopeOrGlobal() {
        return scope == null ? "global" : scope;
    }
}
