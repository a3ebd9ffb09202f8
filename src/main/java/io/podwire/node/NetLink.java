package io.podwire.node;

import java.util.List;

/**
 * One interface as `ip -j -d link|addr` reports it. A link's identity is (its netns, ifindex). Its peer is given
 * either as {@code peerIfindex} + {@code linkNetnsId} (IFLA_LINK and IFLA_LINK_NETNSID: `@ifN` in another netns,
 * `link-netnsid N`), or as {@code peerName} when the peer is in the same netns; a device with no peer at all shows
 * none of the three (`@NONE`, e.g. the kernel's fallback tunnels).
 */
public record NetLink(int ifindex, String name, String kind, Integer peerIfindex, Integer linkNetnsId, String peerName,
                      List<String> flags, int mtu, String mac, String operstate, List<IpAddress> addresses,
                      String json) {

    public boolean isVeth() {
        return "veth".equals(kind);
    }

    /** No peer of any kind: what `ip link` prints as `NAME@NONE` or plain `NAME` for a device without IFLA_LINK. */
    public boolean hasNoPeer() {
        return peerIfindex == null && linkNetnsId == null && peerName == null;
    }

    /**
     * Administratively up (`<…,UP,…>`, IFF_UP): the state a `link set down` changes at the end it is run on. Carrier
     * (LOWER_UP) is not the end's own: a veth has it only while both ends are up (drivers/net/veth.c veth_open).
     */
    public boolean isAdminUp() {
        return flags.contains("UP");
    }

    /** `<BROADCAST,MULTICAST,UP,LOWER_UP> state UP`: the flags and operstate as `ip link` prints them. */
    public String stateLine() {
        return "<" + String.join(",", flags) + "> state " + operstate;
    }

    /** The name as `ip link` prints it: `eth0@if7`. */
    public String displayName() {
        return peerIfindex != null ? name + "@if" + peerIfindex : peerName != null ? name + "@" + peerName : name;
    }

    /** An address with the state flags `ip addr` shows after it (tentative, dadfailed, deprecated…). */
    public record IpAddress(String family, String local, int prefixLen, List<String> flags) {
        public String cidr() {
            return local + "/" + prefixLen;
        }

        /**
         * Not usable as a CNI leaves it (valid and preferred forever): duplicate address detection still runs
         * (tentative) or found a duplicate (dadfailed), or its preferred lifetime ran out (deprecated).
         */
        public boolean isUnusable() {
            return flags.contains("tentative") || flags.contains("dadfailed") || flags.contains("deprecated");
        }

        public boolean isLinkLocal() {
            return local.toLowerCase(java.util.Locale.ROOT).startsWith("fe80:");
        }

        /** `fd00::5/128 tentative`, as `ip addr` prints it. */
        public String line() {
            return flags.isEmpty() ? cidr() : cidr() + " " + String.join(" ", flags);
        }
    }
}
