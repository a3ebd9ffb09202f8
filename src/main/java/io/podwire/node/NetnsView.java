package io.podwire.node;

import java.util.List;
import java.util.Optional;

/**
 * What `ip -j -d addr`, `ip -j -d route` and /proc/sys/net/ipv4/ip_forward show inside one pinned netns
 * (/proc/sys/net is the reading task's netns).
 */
public record NetnsView(String netns, List<NetLink> links, List<Route> routes, Observed<Integer> ipForward,
                        String raw) {
    public Optional<NetLink> link(String name) {
        return links.stream().filter(l -> l.name().equals(name)).findFirst();
    }
}
