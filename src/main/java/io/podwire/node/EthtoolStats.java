package io.podwire.node;

import java.util.Map;

/** `ethtool -S <dev>` of one interface. */
public record EthtoolStats(String dev, Map<String, Long> stats, String raw) {
    public Long peerIfindex() {
        return stats.get("peer_ifindex");
    }

    /** The raw line that carries a statistic, for evidence. */
    public String line(String stat) {
        return raw.lines().filter(l -> l.strip().startsWith(stat + ":")).findFirst().orElse("");
    }
}
