package io.podwire.node;

import java.util.List;
import java.util.Optional;

/**
 * What `ip -j -d addr`, `ip -j -d route show table all` and `ip -j netconf` show inside one pinned netns: its links,
 * its routes of both families and all tables, its net.ipv4.ip_forward and net.ipv6.conf.all.forwarding.
 */
public record NetnsView(String netns, List<NetLink> links, List<Route> routes, Observed<Integer> ipForward,
                        Observed<Integer> ipv6Forward, String raw) {
    /** The routes of one family in the main table, the table CNI plugins write. */
    public List<Route> mainRoutes(String family) {
        return routes.stream().filter(r -> r.isMain() && r.family().equals(family)).toList();
    }

    public Optional<NetLink> link(String name) {
        return links.stream().filter(l -> l.name().equals(name)).findFirst();
    }
}
