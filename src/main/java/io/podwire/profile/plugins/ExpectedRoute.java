package io.podwire.profile.plugins;

import io.podwire.node.Route;

import java.util.Objects;

/**
 * A route a CNI promises, as `ip -j route` shows it: dst ("default", "10.42.0.0/24", a host route without /32),
 * gateway (null: none), dev, scope (null: global), protocol ("boot" unless the kernel added it), unicast.
 */
public record ExpectedRoute(String dst, String gateway, String dev, String scope, String protocol) {

    public boolean matches(Route r) {
        return dst.equals(r.dst()) && Objects.equals(gateway, r.gateway()) && dev.equals(r.dev())
                && Objects.equals(scope == null ? "global" : scope, r.scopeOrGlobal())
                && protocol.equals(r.protocol()) && Route.UNICAST.equals(r.type());
    }

    public String line() {
        return dst + (gateway == null ? "" : " via " + gateway) + " dev " + dev
                + (scope == null ? "" : " scope " + scope) + " proto " + protocol;
    }

    /** "0.0.0.0/0" as ip prints it ("default"), a /32 as a bare address, any other CIDR with host bits cleared. */
    static String dst(String cidr) {
        String n = Ipv4.network(cidr);
        return n.equals("0.0.0.0/0") ? "default" : n.endsWith("/32") ? n.substring(0, n.length() - 3) : n;
    }
}
