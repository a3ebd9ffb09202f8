package io.podwire.upgrade;

import io.podwire.profile.calico.CalicoNodeState;
import io.podwire.profile.calico.CalicoNaming;
import io.podwire.node.ExpectedPod;
import io.podwire.verdict.PodTrail;
import io.podwire.node.InterfaceSysctls;
import io.podwire.node.NetLink;
import io.podwire.node.NetnsView;
import io.podwire.node.NodeState;
import io.podwire.node.Observed;
import io.podwire.node.Route;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The wiring facts of one node that a CNI upgrade may change, read from one snapshot: per pod the fields below, per
 * node the leftovers that belong to no ready pod sandbox. Values are plain strings so two snapshots compare
 * field by field; an observation that could not be made is a problem, never a value.
 *
 * @param pods      pod key → field → value, both sorted (stable output)
 * @param leftovers leftover kind (orphanCaliLink, orphanNetns, orphanRoute) → key → description
 * @param problems  observations that could not be made; a diff with problems can't pass
 */
public record NodeWiring(String node, SortedMap<String, SortedMap<String, String>> pods,
                         SortedMap<String, SortedMap<String, String>> leftovers, List<String> problems) {

    /** Per-pod fields, in the order docs/upgrade-gate.md lists them. */
    private static final List<String> SINGLE_STACK_FIELDS = List.of("netns", "hostVeth", "ifindexPair", "hostMtu",
            "podMtu", "expectedMtu", "hostMac", "podAddresses", "podRoutes", "podIpForward", "nodeRoute", "proxyArp",
            "proxyDelay", "hostForwarding", "routeLocalnet", "acceptRa");
    /** A dual-stack pod's IPv6 facts (C4, C5, C9): a single-stack pod has none of these fields. */
    private static final List<String> IPV6_FIELDS = List.of("podIpv6Forward", "hostIpv6Addresses", "nodeRoute6",
            "hostAcceptDad", "hostDisableIpv6", "proxyNdp", "hostForwarding6");
    public static final List<String> POD_FIELDS = java.util.stream.Stream.concat(SINGLE_STACK_FIELDS.stream(),
            IPV6_FIELDS.stream()).toList();
    private static final Map<String, String> IPV6_SYSCTL_FIELDS = Map.of(InterfaceSysctls.ACCEPT_DAD, "hostAcceptDad",
            InterfaceSysctls.DISABLE_IPV6, "hostDisableIpv6", InterfaceSysctls.PROXY_NDP, "proxyNdp",
            InterfaceSysctls.FORWARDING6, "hostForwarding6");
    /** Each host-end sysctl's field. */
    private static final Map<String, String> SYSCTL_FIELDS = Map.of(InterfaceSysctls.PROXY_ARP, "proxyArp",
            InterfaceSysctls.PROXY_DELAY, "proxyDelay", InterfaceSysctls.FORWARDING, "hostForwarding",
            InterfaceSysctls.ROUTE_LOCALNET, "routeLocalnet", InterfaceSysctls.ACCEPT_RA, "acceptRa");
    public static final String ORPHAN_CALI_LINK = "orphanCaliLink";
    public static final String ORPHAN_NETNS = "orphanNetns";
    public static final String ORPHAN_ROUTE = "orphanRoute";
    public static final String ABSENT = "absent";

    /** Reads the wiring of the given pods (those on this node, not hostNetwork) and the node's leftovers. */
    public static NodeWiring of(List<ExpectedPod> expected, NodeState s) {
        List<String> problems = new ArrayList<>();
        SortedMap<String, SortedMap<String, String>> pods = new TreeMap<>();
        for (ExpectedPod p : expected) {
            if (!p.hostNetwork() && Objects.equals(p.node(), s.node())) {
                pods.put(p.key(), podFields(p, s, problems));
            }
        }
        return new NodeWiring(s.node(), pods, leftovers(s, problems), List.copyOf(problems));
    }

    private static SortedMap<String, String> podFields(ExpectedPod pod, NodeState s, List<String> problems) {
        SortedMap<String, String> f = new TreeMap<>();
        (pod.isDualStack() ? POD_FIELDS : SINGLE_STACK_FIELDS).forEach(name -> f.put(name, ABSENT));
        PodTrail t = PodTrail.resolve(pod, s);
        value(CalicoNodeState.of(s).cni(), problems).flatMap(c -> value(c.mtu(), problems).map(m -> m + " (" + c.mtuSource() + ")"))
                .ifPresent(m -> f.put("expectedMtu", m));
        Route nodeRoute = pod.ip() == null ? null : value(s.routeTo(pod.ip()), problems).orElse(null);
        if (nodeRoute != null) {
            f.put("nodeRoute", describe(nodeRoute));
        }
        if (t.netns().available()) {
            f.put("netns", t.netnsNames(s));
        }
        NetnsView view = value(t.view(), problems).orElse(null);
        NetLink eth0 = value(t.eth0(), problems).orElse(null);
        if (view != null) {
            f.put("podRoutes", view.routes().stream().filter(Route::isMain).map(NodeWiring::describe).sorted()
                    .collect(Collectors.joining("; ")));
            value(view.ipForward(), problems).ifPresent(v -> f.put("podIpForward", String.valueOf(v)));
            if (pod.isDualStack()) {
                value(view.ipv6Forward(), problems).ifPresent(v -> f.put("podIpv6Forward", String.valueOf(v)));
            }
        }
        if (pod.isDualStack()) {
            value(s.routeTo(pod.ipv6()), problems).ifPresent(r -> f.put("nodeRoute6", describe(r)));
        }
        // without a pairing to eth0, the host end is the link carrying the pod's Calico name
        NetLink host = value(t.nodeEnd(), problems)
                .or(() -> value(CalicoNodeState.of(s).felix(), problems).flatMap(felix -> value(s.link(CalicoNaming.hostVethName(
                        felix.namingPrefix(), pod.namespace(), pod.name())), problems)))
                .orElse(null);
        if (eth0 != null) {
            f.put("podMtu", String.valueOf(eth0.mtu()));
            f.put("podAddresses", eth0.addresses().stream().filter(a -> !a.local().startsWith("fe80:"))
                    .map(NetLink.IpAddress::cidr).sorted().collect(Collectors.joining(", ")));
        }
        if (host != null) {
            f.put("hostVeth", host.name());
            f.put("hostMtu", String.valueOf(host.mtu()));
            f.put("hostMac", String.valueOf(host.mac()));
            SYSCTL_FIELDS.forEach((key, field) -> value(s.sysctl(key, host.name()), problems)
                    .ifPresent(v -> f.put(field, String.valueOf(v))));
            if (pod.isDualStack()) {
                IPV6_SYSCTL_FIELDS.forEach((key, field) -> value(s.sysctl(key, host.name()), problems)
                        .ifPresent(v -> f.put(field, String.valueOf(v))));
                value(s.ipv6Addresses(host.name()), problems).ifPresent(as -> f.put("hostIpv6Addresses", as.stream()
                        .map(NetLink.IpAddress::line).sorted().collect(Collectors.joining(", "))));
            }
        }
        f.put("ifindexPair", (host == null ? "-" : String.valueOf(host.ifindex())) + "<->"
                + (eth0 == null ? "-" : String.valueOf(eth0.ifindex())));
        if (host == null && eth0 == null) {
            f.put("ifindexPair", ABSENT);
        }
        return f;
    }

    /**
     * cali links, pinned netns and cali routes that lead to no ready pod sandbox (what C7 and a leak check look
     * for), by netns identity: a pod netns's second name is no leftover, a plain file under /var/run/netns is.
     */
    private static SortedMap<String, SortedMap<String, String>> leftovers(NodeState s, List<String> problems) {
        SortedMap<String, SortedMap<String, String>> out = new TreeMap<>();
        SortedMap<String, String> links = new TreeMap<>();
        SortedMap<String, String> netns = new TreeMap<>();
        SortedMap<String, String> routes = new TreeMap<>();
        out.put(ORPHAN_CALI_LINK, links);
        out.put(ORPHAN_NETNS, netns);
        out.put(ORPHAN_ROUTE, routes);
        var podNetns = value(s.sandboxNetns(), problems);
        var byName = value(s.linksByName(), problems);
        var files = value(s.netnsFiles(), problems);
        var allRoutes = value(s.routes(), problems);
        // a cali link is one Felix treats as a workload's: its name starts with one of Felix's interface prefixes
        var felix = value(CalicoNodeState.of(s).felix(), problems);
        if (podNetns.isEmpty() || byName.isEmpty() || files.isEmpty() || allRoutes.isEmpty() || felix.isEmpty()) {
            return out;
        }
        Set<String> ownedCali = new HashSet<>();
        for (NetLink l : byName.get().values()) {
            if (!felix.get().isWorkloadInterface(l.name())) {
                continue;
            }
            Observed<Long> peer = s.peerNetnsOf(l);
            if (peer.available() && podNetns.get().contains(peer.value())) {
                ownedCali.add(l.name());
            } else {
                links.put(l.name(), "ifindex " + l.ifindex() + ", peer netns " + (peer.available()
                        ? String.join(" = ", s.netnsNames(peer.value())) : peer.problem()));
            }
        }
        files.get().inodeByName().forEach((name, inode) -> {
            if (!podNetns.get().contains(inode)) {
                netns.put(name, "pinned at /var/run/netns/" + name + ", no ready sandbox uses it");
            }
        });
        files.get().notNetns().forEach(name -> netns.put(name, "/var/run/netns/" + name
                + " is a plain file, not a network namespace"));
        allRoutes.get().routes().stream().filter(r -> r.dev() != null && felix.get().isWorkloadInterface(r.dev())
                        && !ownedCali.contains(r.dev()))
                .forEach(r -> routes.put(describe(r), "dev " + r.dev() + " leads to no ready pod sandbox"));
        return out;
    }

    private static <T> java.util.Optional<T> value(Observed<T> o, List<String> problems) {
        if (o.available()) {
            return java.util.Optional.ofNullable(o.value());
        }
        if (o.absent()) {
            return java.util.Optional.empty();  // looked for and not there: a field of the diff, not a problem
        }
        String p = "`" + o.command() + "`: " + o.problem();
        if (!problems.contains(p)) {
            problems.add(p);
        }
        return java.util.Optional.empty();
    }

    /** A route as `ip route` prints it: `10.42.0.11 dev caliX scope link`, its type and proto unless unicast, boot. */
    static String describe(Route r) {
        StringBuilder sb = new StringBuilder(Route.UNICAST.equals(r.type()) ? "" : r.type() + " ").append(r.dst());
        if (r.gateway() != null) {
            sb.append(" via ").append(r.gateway());
        }
        if (r.dev() != null) {
            sb.append(" dev ").append(r.dev());
        }
        if (r.scope() != null && !"global".equals(r.scope())) {
            sb.append(" scope ").append(r.scope());
        }
        if (!Route.BOOT.equals(r.protocol())) {
            sb.append(" proto ").append(r.protocol());
        }
        return sb.toString();
    }
}
