package io.podwire.node;

import java.util.List;

/**
 * One interface as `ip -j -d link|addr` reports it. peerIfindex is IFLA_LINK (`link_index`, printed as `@ifN`);
 * linkNetnsId is IFLA_LINK_NETNSID (`link_netnsid`, printed as `link-netnsid N` or `link-netns NAME`).
 */
public record NetLink(int ifindex, String name, String kind, Integer peerIfindex, Integer linkNetnsId, int mtu,
                      String mac, String operstate, List<IpAddress> addresses, String json) {

    public boolean isVeth() {
        return "veth".equals(kind);
    }

    /** The name as `ip link` prints it: `eth0@if7`. */
    public String displayName() {
        return peerIfindex == null ? name : name + "@if" + peerIfindex;
    }

    public record IpAddress(String family, String local, int prefixLen) {
        public String cidr() {
            return local + "/" + prefixLen;
        }
    }
}
