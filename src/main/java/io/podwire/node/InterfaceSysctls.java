package io.podwire.node;

import java.util.Map;

/**
 * The per-interface sysctls the CNI plugin sets on a pod's host end, as read from /proc/sys/net, by key
 * ("ipv4/conf/proxy_arp", "ipv4/neigh/proxy_delay", "ipv6/conf/accept_ra") and interface. The kernel has every
 * one of these files for every interface, so a value missing from the output was not read: could not observe.
 */
public record InterfaceSysctls(String command, Map<String, Map<String, Integer>> values) {
    public static final String PROXY_ARP = "ipv4/conf/proxy_arp";
    public static final String PROXY_DELAY = "ipv4/neigh/proxy_delay";
    public static final String FORWARDING = "ipv4/conf/forwarding";
    public static final String ROUTE_LOCALNET = "ipv4/conf/route_localnet";
    public static final String ACCEPT_RA = "ipv6/conf/accept_ra";
    /** Set on the host end of a pod with an IPv6 address only (dataplane_linux.go configureSysctls). */
    public static final String ACCEPT_DAD = "ipv6/conf/accept_dad";
    public static final String DISABLE_IPV6 = "ipv6/conf/disable_ipv6";
    public static final String PROXY_NDP = "ipv6/conf/proxy_ndp";
    public static final String FORWARDING6 = "ipv6/conf/forwarding";

    public Observed<Integer> value(String key, String dev) {
        Integer v = values.getOrDefault(key, Map.of()).get(dev);
        return v != null ? Observed.of(v, command) : Observed.unavailable(command, path(key, dev)
                + " is not in the snapshot's output");
    }

    /** The file a value was read from: /proc/sys/net/ipv4/neigh/vethX/proxy_delay. */
    public static String path(String key, String dev) {
        String[] p = key.split("/");
        return "/proc/sys/net/" + p[0] + "/" + p[1] + "/" + dev + "/" + p[2];
    }
}
