package io.podwire.node;

import java.util.List;
import java.util.Optional;

/** What `ip -n <netns> -j -d addr` and `ip -n <netns> -j route` show inside one pinned netns. */
public record NetnsView(String netns, List<NetLink> links, List<Route> routes, String raw) {
    public Optional<NetLink> link(String name) {
        return links.stream().filter(l -> l.name().equals(name)).findFirst();
    }
}
